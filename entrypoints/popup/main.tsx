// The page's entry. One module graph, fetched at once (the built page preloads every chunk of it):
// start.ts starts the "Continue reading" read from IndexedDB before the UI's modules run, so the
// database works while they are evaluated and the first frame is drawn.
import './start';
// Stylesheets here, not in app.tsx: they stay <link>s in the page's <head>, so no frame is unstyled.
import '../../components/shared/theme.css';
import '../../components/shared/controls.css';
import '../../components/popup/popup.css';
import './app';
