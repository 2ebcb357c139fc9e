/** The reader's Preact views as lib/reader draws them (ReaderUi): the entrypoint hands this to the session. */
import { render } from 'preact';
import type { ReaderUi } from '../../lib/reader/view';
import { FloatingToggle } from './FloatingToggle';
import { Notice } from './Notice';
import { ReaderView } from './ReaderView';

export const readerUi: ReaderUi = {
  drawReader(mount, what) {
    const tree = what === null ? null : what.on ? <ReaderView {...what.view} /> : <FloatingToggle onClick={what.show} />;
    render(tree, mount);
  },
  drawNotice(mount, what) {
    render(what && <Notice message={what.message} fading={what.fading} onDismiss={what.onDismiss} />, mount);
  },
};
