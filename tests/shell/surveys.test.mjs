// One-tap surveys in the shell: what `track` accepts as a survey answer (shell/src/event-check.ts),
// with a coded error that names the bad field for anything else. Runs on the compiled shell
// (target/shell). The survey banner itself is tested in Chromium (render.test.mjs), the whole
// journey in tests/e2e.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildShell, shellOut } from './support.mjs';

buildShell();
const { checkEvent } = await import(`${shellOut}/event-check.js`);

const answer = (fields) => ({ type: 'survey_answer', survey: 'nps-q4', scale: 'nps', score: 9, ...fields });

test('track accepts an answer on its scale, and copies it', () => {
  for (const [scale, scores] of [['nps', [0, 10]], ['csat', [1, 5]], ['thumbs', [0, 1]]]) {
    for (const score of scores) {
      const event = answer({ scale, score, at: 5 });
      assert.deepEqual(checkEvent(event), event);
      assert.notEqual(checkEvent(event), event);
    }
  }
});

test('an answer off its scale, of an unknown scale or with a stray field is an event_invalid error naming it', () => {
  const cases = [
    [answer({ score: 11 }), /`score` must be a whole number from 0 to 10 on the nps scale/],
    [answer({ scale: 'csat', score: 0 }), /from 1 to 5 on the csat scale/],
    [answer({ scale: 'thumbs', score: 2 }), /from 0 to 1 on the thumbs scale/],
    [answer({ score: 4.5 }), /`score` must be a whole number/],
    [answer({ score: '9' }), /`score` must be a whole number/],
    [answer({ scale: 'stars' }), /`scale` must be one of nps, csat, thumbs/],
    [answer({ scale: '__proto__' }), /`scale` must be one of/],
    [answer({ scale: 'toString' }), /`scale` must be one of/],
    [answer({ scale: undefined }), /needs the field `scale`/],
    [answer({ survey: 'x'.repeat(257) }), /`survey` is longer than 256 bytes/],
    [answer({ survey: 7 }), /`survey` must be a string/],
    [answer({ offer: 'o' }), /`offer` is not a field of a `survey_answer` event/],
  ];
  for (const [event, message] of cases) {
    assert.throws(() => checkEvent(event), (e) => e.code === 'event_invalid' && message.test(e.message), JSON.stringify(event));
  }
});
