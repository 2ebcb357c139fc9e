import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import '../../lib/notes/lexicons';

beforeEach(() => {
  fakeBrowser.reset();
});
