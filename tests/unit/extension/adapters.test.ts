// Site adapters on real and stand-in markup (linkedom, no browser): who is on screen, where the
// badge goes, what the open thread is — and nothing (never an exception) when selectors miss.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { gmail } from '../../../extension/src/overlay/adapters/gmail.ts';
import { outlook } from '../../../extension/src/overlay/adapters/outlook.ts';
import { page } from '../../../extension/src/overlay/adapters/page.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/webmail');
const doc = (html: string) => parseHTML(html).document as unknown as Document;

beforeAll(() => {
  // The page adapter walks text with the DOM's NodeFilter constants.
  (globalThis as { NodeFilter?: unknown }).NodeFilter ??= { SHOW_TEXT: 4, FILTER_ACCEPT: 1, FILTER_REJECT: 2, FILTER_SKIP: 3 };
});

describe('gmail', () => {
  it('finds one person per inbox row of the real 2014 page, skipping the hidden row summaries', () => {
    const d = doc(readFileSync(join(FIXTURES, 'gmail-2014-inbox.html'), 'utf8'));
    const people = gmail.findPeople(d);
    expect(people).toHaveLength(16);
    expect(people.every((p) => p.kind === 'row' && p.placement === 'before')).toBe(true);
    expect(people.filter((p) => p.email.endsWith('@twilio.com'))).toHaveLength(6);
    expect(people.some((p) => (p.anchor as Element).closest('.afn'))).toBe(false);
    expect(people[2]).toMatchObject({ email: 'news@twilio.com', name: 'Team Twilio' });
  });

  const THREAD = `<html><head><title>Order - rep@kehu-test.example - Gmail</title></head><body>
    <h2 class="hP" data-legacy-thread-id="18c1" data-thread-perm-id="thread-f:1">Order delayed</h2>
    <div class="adn ads" data-message-id="#msg-f:1" data-legacy-message-id="18c2">
      <span class="gD" email="Wei@ACME.example" name="Wei Wang">Wei Wang</span>
      <span class="g3" title="Mon, Nov 2, 2026, 9:15 AM">Nov 2</span>
      <span class="g2" email="rep@kehu-test.example" name="Rep">Rep</span><span class="g2" email="ops@acme.example" name="Ops">Ops</span>
      <div class="a3s">the body</div>
    </div></body></html>`;

  it('finds the sender and recipients of an open message, and the thread for logging (never the body)', () => {
    const d = doc(THREAD);
    const people = gmail.findPeople(d);
    expect(people.map((p) => [p.kind, p.email, p.placement])).toEqual([
      ['sender', 'wei@acme.example', 'after'],
      ['recipient', 'rep@kehu-test.example', 'after'],
      ['recipient', 'ops@acme.example', 'after'],
    ]);
    const [message] = gmail.openMessages!(d);
    expect(message).toMatchObject({
      messageId: '18c2',
      threadId: '18c1',
      from: 'wei@acme.example',
      to: ['rep@kehu-test.example', 'ops@acme.example'],
      subject: 'Order delayed',
    });
    expect(message!.sentAt).toMatch(/^2026-11-02T/);
    expect(message!.url).toMatch(/#all\/18c1$/);
    expect(JSON.stringify(message)).not.toContain('the body');
    expect(gmail.selfAddress!(d)).toBe('rep@kehu-test.example');
  });

  it('finds a person in a subtree that changed, the changed element included (recycled rows)', () => {
    const d = doc(
      '<table><tr class="zA"><td><div class="yW"><span class="yP" email="a@b.example">A</span></div></td></tr></table>',
    );
    const span = d.querySelector('span')!;
    expect(gmail.findPeople(span as unknown as Element).map((p) => p.email)).toEqual(['a@b.example']);
  });

  it('finds nothing, and throws nothing, on markup it does not know', () => {
    const d = doc('<div class="gD">no email attribute</div><span class="gD" email="not an address">x</span>');
    expect(gmail.findPeople(d)).toEqual([]);
    expect(gmail.openMessages!(d)).toEqual([]);
  });
});

describe('outlook', () => {
  const PAGE = `<html><body>
    <div role="listbox"><div role="option" data-convid="C1"><span title="wei@acme.example">Wei Wang</span><span>Order</span></div></div>
    <div id="ReadingPaneContainerId"><div data-convid="C1"><span role="heading">Order delayed</span>
      <div data-automationid="MessageHeader">
        <span aria-label="From: Wei Wang &lt;wei@acme.example&gt;">Wei Wang</span>
        <span title="rep@kehu-test.example">Rep</span>
        <time data-testid="SentReceivedSavedTime" datetime="2026-11-02T09:15:00.000Z">9:15</time>
      </div>
      <div aria-label="Message body"><a href="mailto:someone@else.example">someone</a></div>
    </div></div></body></html>`;

  it('finds list rows and the reading-pane header, not addresses in the body', () => {
    const people = outlook.findPeople(doc(PAGE));
    expect(people.map((p) => [p.kind, p.email])).toEqual([
      ['sender', 'wei@acme.example'],
      ['recipient', 'rep@kehu-test.example'],
      ['row', 'wei@acme.example'],
    ]);
  });

  it('reads the open conversation for logging', () => {
    expect(outlook.openMessages!(doc(PAGE))).toEqual([
      expect.objectContaining({
        threadId: 'C1',
        from: 'wei@acme.example',
        to: ['rep@kehu-test.example'],
        subject: 'Order delayed',
        sentAt: '2026-11-02T09:15:00.000Z',
      }),
    ]);
  });
});

describe('any web page', () => {
  it('finds mailto: links and addresses in text, but not in editable fields or scripts', () => {
    const d = doc(readFileSync(join(FIXTURES, 'page.html'), 'utf8'));
    const people = page.findPeople(d);
    expect(people.map((p) => [p.kind, p.email])).toEqual([
      ['link', 'wei@acme.example'],
      ['text', 'support@globex.example'],
    ]);
    expect(people[1]!.anchor.nodeType).toBe(3); // the badge goes after the text node, which is left untouched
  });
});
