/** What Calm Reader stores, syncs and fetches (README's Privacy section, PRIVACY.md), in short. */
export function PrivacySection() {
  return (
    <section class="lib-section opt-privacy" id="privacy" aria-labelledby="opt-privacy-h">
      <h2 id="opt-privacy-h">Privacy</h2>
      <p>Calm Reader has no server and sends nothing anywhere but to the story sites themselves.</p>
      <dl>
        <dt>Stored in this browser only</dt>
        <dd>
          Your library: the stories you open (title, author, summary, tags, address, chapter list), the chapters you
          visited and your place in each, follow and reading status, what the notes detector learned of a story and your
          corrections, and the update-check settings. The reader settings and the sync switch. Websites store nothing: the
          reader view is drawn by the extension.
        </dd>
        <dt>Synced, with “Sync across devices” on</dt>
        <dd>
          Through your browser account's own sync storage: followed stories, stories with a reading status and recently
          read ones as far as they fit (title, address, follow and status, where you are), your note corrections and the
          reader settings. Chapter lists, summaries, tags and the rest of your history stay on this device.
        </dd>
        <dt>Fetched, from where</dt>
        <dd>
          The pages you open yourself. For followed stories, on the schedule you choose, one address per story on its
          own site: always https, without cookies or referrer, one request at a time per site. The reader for other
          pages fetches nothing: it reads the page you are on.
        </dd>
        <dt>Private windows</dt>
        <dd>
          The extension runs there only if you allow it in the browser's extension settings. The reader view then works
          as usual, but nothing read in a private window is recorded: no story, chapter, position, learned note or
          correction is stored, so nothing is synced either.
        </dd>
      </dl>
    </section>
  );
}
