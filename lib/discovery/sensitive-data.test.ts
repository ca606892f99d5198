import { describe, expect, test } from 'vitest';
import { detectSensitiveData } from './sensitive-data';
import { buildDetectors } from './sensitive-data-config';
import { ibanValid, ninoValid, spanishIdValid, ssnValid } from './sensitive-checks';

describe('detectSensitiveData', () => {
  test('each default detector fires on a real-shaped value', () => {
    const cases: Array<[string, string[]]> = [
      ['{"email":"ana.lopez@example.org"}', ['email']],
      ['{"pan":"4111 1111 1111 1111"}', ['card-number']],
      ['{"iban":"GB82 WEST 1234 5698 7654 32"}', ['iban']],
      ['{"iban":"DE89370400440532013000"}', ['iban']],
      ['{"ssn":"123-45-6789"}', ['national-id']],
      ['{"nino":"AB 12 34 56 C"}', ['national-id']],
      ['{"dni":"12345678Z"}', ['national-id']],
      ['{"phone":"+44 20 7946 0958"}', ['phone']],
      ['{"phone":"(415) 555-2671"}', ['phone']],
      ['{"key":"AKIAIOSFODNN7EXAMPLE"}', ['api-key']],
      ['{"token":"ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"}', ['api-key']],
      ['{"t":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig"}', ['jwt']],
      ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn', ['private-key']],
    ];
    expect(cases.map(([text]) => [text, detectSensitiveData(text)])).toEqual(cases);
  });

  test('checksums reject look-alikes: wrong IBAN digit, unissued SSN, wrong DNI letter, Luhn-invalid card', () => {
    for (const text of ['GB82 WEST 1234 5698 7654 33', '000-12-3456', '666-12-3456', '12345678A', '4111 1111 1111 1112', 'order 12345678 on 2024-01-02', 'v1.2.3.4']) {
      expect([text, detectSensitiveData(text)]).toEqual([text, []]);
    }
  });

  test('every card network is a card; Luhn-valid timestamps and Snowflake IDs are not', () => {
    // Networks' published test numbers: Visa 13 and 16, Amex, Mastercard 5- and 2-series, Discover, JCB, Diners, UnionPay.
    const cards = ['4222222222222', '4111111111111111', '378282246310005', '5555555555554444', '2223003122003222', '6011111111111117', '3530111333300000', '30569309025904', '6200000000000005'];
    expect(cards.filter((c) => detectSensitiveData(`{"pan":"${c}"}`).length === 0)).toEqual([]);
    // Before: one long number in ten passes Luhn, so one response in ten with a millisecond time or a Snowflake ID
    // was tagged `card-number` (and raised "sensitive data served without authentication" alerts).
    for (const text of ['{"createdAt": 1733385600015}', '{"id": "1460323737035677691"}', '{"ref": 7992739871300008}']) {
      expect([text, detectSensitiveData(text)]).toEqual([text, []]);
    }
  });

  test('retina asset names are no e-mail addresses', () => {
    // Before: `logo@2x.png` matched the e-mail pattern (`png` as a TLD), so every page listing icons was tagged.
    expect(detectSensitiveData('{"icon":"/img/logo@2x.png","hero":"banner@3x.webp","css":"app@1.5x.css"}')).toEqual([]);
    expect(detectSensitiveData('{"contact":"ops@example.png.io"}')).toEqual(['email']);
  });

  test('the user of a git remote is no e-mail address; an address in a URL path still is', () => {
    // Before: GitHub's repository object (`ssh_url`), GitLab's `ssh_url_to_repo` and npm's `repository.url` were tagged
    // `email`, so every repository endpoint of a code host "carried personal data".
    for (const text of [
      '{"ssh_url":"git@github.com:mitmproxy/mitmproxy.git"}',
      '{"ssh_url_to_repo":"git@gitlab.example.com:diaspora/diaspora-client.git"}',
      '{"repository":{"url":"git+ssh://git@github.com/npm/cli.git"}}',
      '{"href":"ssh://git@bitbucket.org/atlassian/python-bitbucket.git"}',
    ]) {
      expect([text, detectSensitiveData(text)]).toEqual([text, []]);
    }
    for (const text of ['{"email":"noreply@github.com"}', '{"self":"https://api.example.com/users/jane@example.com/settings"}', 'write to a@b.com: thanks', 'mailto:jane@example.co.uk.']) {
      expect([text, detectSensitiveData(text)]).toEqual([text, ['email']]);
    }
  });

  test('an IBAN has its country\u2019s length: registry examples pass, shipment numbers that pass mod-97 do not', () => {
    // The registry's own examples, shortest to longest country format.
    const ibans = ['NO93 8601 1117 947', 'BE68 5390 0754 7034', 'NL91 ABNA 0417 1643 00', 'CH93 0076 2011 6238 5295 7', 'GB29 NWBK 6016 1331 9268 19', 'ES91 2100 0418 4502 0005 1332', 'FR14 2004 1010 0505 0001 3M02 606', 'PL61 1090 1014 0000 0712 1981 2874', 'BR18 0036 0305 0000 1000 9795 493C 1', 'MT84 MALT 0110 0001 2345 MTLC AST0 01S', 'LC55 HEMM 0001 0001 0012 0012 0002 3015'];
    expect(ibans.filter((i) => detectSensitiveData(`{"iban":"${i}"}`).length === 0)).toEqual([]);
    // Before: mod-97 alone passed one in 97 of these (SF Express, JD, Yun Express numbers), tagged `iban`.
    for (const id of ['SF6259794631028247', 'JT1406089370780504', 'LX1080329079789225', 'GM5080176343489320']) {
      expect([id, detectSensitiveData(`{"tracking_number":"${id}"}`)]).toEqual([id, []]);
    }
  });

  test('a signed decimal (a coordinate, a rate) is no phone number; numbers written with dots still are', () => {
    // Before: every geocoding or map response (`"lat":"+51.507351"`) was tagged `phone`: `+` then 8–15 digits.
    for (const text of ['{"lat":"+51.507351","lng":"-0.127758"}', '{"lat":"+48.8566140"}', 'ISO 6709: +40.7127753-074.0059728/', 'ISO 6709: +40.71-074.00/', '{"change":"+12.34567890"}']) {
      expect([text, detectSensitiveData(text)]).toEqual([text, []]);
    }
    for (const text of ['{"phone":"+1.415.555.2671"}', '{"phone":"+44.20.7946.0958"}', '{"phone":"+33 1 23 45 67 89"}', '{"phone":"+14155552671"}']) {
      expect([text, detectSensitiveData(text)]).toEqual([text, ['phone']]);
    }
  });

  test('one tag per kind even when several detectors share it', () => {
    expect(detectSensitiveData('123-45-6789 and AB123456C and 12345678Z')).toEqual(['national-id']);
  });
});

describe('configured detectors', () => {
  test('a configured pattern with a named checksum joins the defaults', () => {
    const built = buildDetectors([{ tag: 'employee-id', pattern: 'EMP-\\d{6}' }, { tag: 'loyalty-card', pattern: '\\b\\d{16}\\b', verify: 'luhn' }]);
    if (!built.ok) throw new Error(built.error);
    expect(detectSensitiveData('badge EMP-004211, card 4012888888881881', built.detectors)).toEqual(['card-number', 'employee-id', 'loyalty-card']);
    expect(detectSensitiveData('card 4012888888881882', built.detectors)).toEqual([]);
  });

  test('a pattern that does not compile is an error naming the entry, not an exception', () => {
    expect(buildDetectors([{ tag: 'x', pattern: '(' }])).toEqual({ ok: false, error: 'detector 0 (x): Invalid regular expression: /(/g: Unterminated group' });
  });
});

test('checksum helpers', () => {
  expect([ibanValid('FR1420041010050500013M02606'), ibanValid('FR1420041010050500013M02607')]).toEqual([true, false]);
  expect([ssnValid('078-05-1120'), ssnValid('900-12-3456')]).toEqual([true, false]);
  expect([ninoValid('AB123456C'), ninoValid('GB123456C'), ninoValid('DA123456C')]).toEqual([true, false, false]);
  expect([spanishIdValid('X1234567L'), spanishIdValid('X1234567A')]).toEqual([true, false]);
});
