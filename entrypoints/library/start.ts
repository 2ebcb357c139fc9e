// Evaluated first of the page's modules (main.tsx imports it first): the first screen's read starts
// before the UI's modules are evaluated.
import { libraryReads } from '../../lib/library/first-read';

libraryReads();
