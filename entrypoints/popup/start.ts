// Evaluated first of the page's modules (main.tsx imports it first): the "Continue reading" read
// starts before the UI's modules are evaluated.
import { popupReads } from '../../lib/library/first-read';

popupReads();
