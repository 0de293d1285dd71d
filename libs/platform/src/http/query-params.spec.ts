import { InvalidInputError } from '@icjims/contracts';
import { CURSOR_PARTS, decodeCursor, encodeCursor } from './query-params';

const TIME_AND_ID = [CURSOR_PARTS.dateTime, CURSOR_PARTS.uuid];

describe('keyset cursors', () => {
  it('give back the key they were made of', () => {
    const key = ['2026-11-23T10:00:00.000Z', '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01'];
    expect(decodeCursor(encodeCursor(key), TIME_AND_ID)).toEqual(key);
  });

  it.each([
    ['text that is not base64url JSON', 'not a cursor'],
    ['a key of the wrong length', encodeCursor(['only-one'])],
    ['a key holding an object', Buffer.from('[{"a":1},2]').toString('base64url')],
    ['a time that is no date-time', encodeCursor(['yesterday', '7d0c4a4e-1b8f-4c55-a1a5-5a0e3c3b2f01'])],
    ['an id that is no UUID', encodeCursor(['2026-11-23T10:00:00.000Z', "1' OR '1'='1"])],
  ])('refuse %s naming the cursor', (_label, cursor) => {
    const refusal = catchError(() => decodeCursor(cursor, TIME_AND_ID));
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect((refusal as InvalidInputError).fields).toEqual([{ field: 'cursor', reason: 'cursor must be the nextCursor of a previous page' }]);
  });
});

function catchError(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}
