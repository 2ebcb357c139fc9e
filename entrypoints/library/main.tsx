// The page's entry. One module graph, fetched at once (the built page preloads every chunk of it):
// start.ts starts reading the library's first screen from IndexedDB before the UI's modules run, so
// the database works while they are evaluated and the first frame is drawn. (An entry that
// import()ed the UI asked for the UI's files only after its own had run: a second round.)
import './start';
// Stylesheets here, not in app.tsx: they stay <link>s in the page's <head>, so no frame is unstyled.
import '../../components/shared/theme.css';
import '../../components/shared/controls.css';
import '../../components/library-page/library.css';
import './app';
