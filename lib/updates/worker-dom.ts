/**
 * A DOM for the service worker, which has no DOMParser: linkedom's worker build. The update
 * parsers use only standard DOM calls, so they read these documents and browser/happy-dom ones alike.
 */
import { DOMParser as LinkedomParser, parseHTML } from 'linkedom/worker';
import type { ParseDocument } from './check';

export const parseWorkerDocument: ParseDocument = (text, type) => {
  if (type === 'text/xml') return new LinkedomParser().parseFromString(text, 'text/xml') as unknown as Document;
  return parseHTML(text).document as unknown as Document;
};
