import { describe, expect, it } from 'vitest';
import { countSmsSegments } from './sms-segments';

describe('countSmsSegments', () => {
  it('counts nothing for an empty text', () => {
    expect(countSmsSegments('')).toMatchObject({ encoding: 'GSM-7', characters: 0, segments: 0 });
  });

  it('fits 160 GSM-7 characters in one SMS and splits 161 into two parts of 153', () => {
    expect(countSmsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, remaining: 0 });
    expect(countSmsSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', units: 161, segments: 2, unitsPerSegment: 153, remaining: 153 - 8 });
    expect(countSmsSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSmsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts the accented letters of the GSM alphabet as one septet', () => {
    expect(countSmsSegments('Ça coûte')).toMatchObject({ encoding: 'UCS-2' }); // û is not in GSM-7
    expect(countSmsSegments('Ça va, Søren? àèéìòù ÄÖÑÜ £5')).toMatchObject({ encoding: 'GSM-7', units: 28 });
  });

  it('counts each extension-table character as two septets', () => {
    const all = '^{}\\[~]|€\f';
    expect(countSmsSegments(all)).toMatchObject({ encoding: 'GSM-7', characters: 10, units: 20 });
  });

  it('tips a text over 160 septets with an extension character at the boundary', () => {
    expect(countSmsSegments('a'.repeat(158) + '€')).toMatchObject({ units: 160, segments: 1 });
    expect(countSmsSegments('a'.repeat(159) + '€')).toMatchObject({ characters: 160, units: 161, segments: 2 });
  });

  it('never splits an escape pair across parts', () => {
    // 152 septets, then a 2-septet € that does not fit in part one's last septet: it moves whole.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);
    expect(countSmsSegments(text)).toMatchObject({ units: 164, segments: 2, remaining: 153 - 12 });
  });

  it('fits 70 UCS-2 units in one SMS and splits 71 into parts of 67', () => {
    expect(countSmsSegments('д'.repeat(70))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSmsSegments('д'.repeat(71))).toMatchObject({ encoding: 'UCS-2', units: 71, segments: 2, unitsPerSegment: 67 });
    expect(countSmsSegments('д'.repeat(134)).segments).toBe(2);
    expect(countSmsSegments('д'.repeat(135)).segments).toBe(3);
  });

  it('counts an emoji as one character but two UTF-16 units, and switches the whole text to UCS-2', () => {
    expect(countSmsSegments('Hi 👋')).toMatchObject({ encoding: 'UCS-2', characters: 4, units: 5, segments: 1 });
    expect(countSmsSegments('a'.repeat(68) + '👋')).toMatchObject({ characters: 69, units: 70, segments: 1 });
    expect(countSmsSegments('a'.repeat(69) + '👋')).toMatchObject({ characters: 70, units: 71, segments: 2 });
  });

  it('never splits a surrogate pair across parts', () => {
    const text = 'a'.repeat(66) + '👋' + 'a'.repeat(10);
    expect(countSmsSegments(text)).toMatchObject({ units: 78, segments: 2, remaining: 67 - 12 });
  });
});
