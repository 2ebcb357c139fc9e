/**
 * The reader view's late parts (lib/reader/late.ts): a reader content script asks for them after
 * its first frame, and the worker injects the late script into that tab and frame's isolated world
 * (scripting.executeScript, with the host permission of the site the content script runs on): no
 * web-accessible file. Only a content script on a web page may ask, and only for its own frame.
 */
import { LATE_PARTS_REQUEST, READER_LATE_FILE } from '../reader/late';
import { classifySender, type ExtensionSelf, type SenderLike } from './senders';

export interface FrameScriptingLike {
  executeScript(injection: { target: { tabId: number; frameIds?: number[] }; files: string[] }): Promise<unknown>;
}

/** A runtime.onMessage listener: undefined for every other message (other listeners answer them). */
export function createLatePartsListener(scripting: FrameScriptingLike, self: ExtensionSelf) {
  return (message: unknown, sender?: SenderLike): Promise<true> | undefined => {
    if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== LATE_PARTS_REQUEST) return undefined;
    const tabId = sender?.tab?.id;
    const frameId = sender?.frameId ?? 0;
    if (classifySender(sender, self).kind !== 'content' || typeof tabId !== 'number' || !Number.isInteger(frameId) || frameId < 0) {
      return Promise.reject(new Error(`${LATE_PARTS_REQUEST}: refused (not a content script in a tab)`));
    }
    return scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [READER_LATE_FILE] }).then(() => true);
  };
}
