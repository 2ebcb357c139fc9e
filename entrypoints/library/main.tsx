// The page's entry: start reading the library's first screen from IndexedDB, then load the UI (app.tsx).
// This chunk is only the library's read code (a few KB), so the database works while the UI code
// loads, compiles and draws; the UI takes the same read from lib/library/first-read.
import { libraryReads } from '../../lib/library/first-read';
// Stylesheets here, not in app.tsx: they stay <link>s in the page's <head>, so no frame is unstyled.
import '../../components/shared/theme.css';
import '../../components/shared/controls.css';
import '../../components/library-page/library.css';

libraryReads();
void import('./app');
