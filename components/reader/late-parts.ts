/** The late parts themselves (components/reader/late.ts): the late script's content, the generic reader's and the tests'. */
import lateCss from '../../lib/reader/reader-late.css?inline';
import { ChapterList } from './ChapterList';
import { EndOfChapter } from './EndOfChapter';
import type { LateParts } from './late';
import { ViewSettings } from './ViewSettings';

export const LATE_PARTS: LateParts = { ChapterList, ViewSettings, EndOfChapter, css: lateCss };
