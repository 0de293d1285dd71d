import { IsISO8601, Matches } from 'class-validator';

/** An RFC 3339 date-time: date, time and offset (IsISO8601 alone also lets bare dates, week dates and times without an offset through). */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A date-time with its offset, such as 2026-11-23T09:30:00Z; a time without one would be read in the server's zone. */
export function IsDateTime(): PropertyDecorator {
  return (target, property) => {
    Matches(DATE_TIME, { message: ({ property: name }) => `${name} must be a date-time with an offset, such as 2026-11-23T09:30:00Z` })(target, property);
    IsISO8601({ strict: true })(target, property);
  };
}
