// The page's entry: start reading "Continue reading" from IndexedDB, then load the UI (app.tsx).
// This chunk is only the library's read code (a few KB), so the database works while the UI code
// loads, compiles and draws; the UI takes the same read from lib/library/first-read.
import { popupReads } from '../../lib/library/first-read';

popupReads();
void import('./app');
