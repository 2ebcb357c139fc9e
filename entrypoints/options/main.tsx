// The page's entry. Stylesheets here, not in app.tsx: they stay <link>s in the page's <head>.
import '../../components/shared/theme.css';
import '../../components/shared/controls.css';
import '../../components/library-page/library.css';
import '../../components/options/options.css';

void import('./app');
