import { expect, test } from 'vitest';
import { redactUrl } from './database-url';

test('a database URL is printed without any password it carries, wherever the URL puts it', () => {
  const cases: [string, string][] = [
    ['postgres://lantern:s3cret@db.internal:5432/lantern', 'postgres://lantern:***@db.internal:5432/lantern'],
    // An `@` in the password should be %40, but libpq and node-postgres take the last `@` as the end of userinfo.
    ['postgres://lantern:p@ss@db.internal/lantern', 'postgres://lantern:***@db.internal/lantern'],
    // No user name, only a password.
    ['postgresql://:s3cret@db.internal/lantern', 'postgresql://:***@db.internal/lantern'],
    // libpq's and node-postgres's `password` parameter.
    ['postgres://lantern@db.internal/lantern?sslmode=require&password=s3cret', 'postgres://lantern@db.internal/lantern?sslmode=require&password=***'],
    ['postgres://db.internal/lantern?PASSWORD=s3cret', 'postgres://db.internal/lantern?PASSWORD=***'],
    ['file:./data/lantern.db', 'file:./data/lantern.db'],
    ['postgres://lantern@db.internal/lantern', 'postgres://lantern@db.internal/lantern'],
    // An `@` after the authority (in the database name, a parameter) ends no userinfo: host and port stay readable.
    ['postgres://db.internal:5432/we@ird', 'postgres://db.internal:5432/we@ird'],
    ['postgres://db.internal:5432/lantern?application_name=a@b', 'postgres://db.internal:5432/lantern?application_name=a@b'],
    ['postgres://lantern:s3cret@db.internal:5432/we@ird', 'postgres://lantern:***@db.internal:5432/we@ird'],
    ['postgres://lantern:p@ss@[::1]:5432/d@b', 'postgres://lantern:***@[::1]:5432/d@b'],
    // A password with an unescaped `/` ends the authority early (no parser reads it): still never printed.
    ['postgres://lantern:pa/ss@db.internal/lantern', 'postgres://lantern:***@db.internal/lantern'],
  ];
  expect(cases.map(([url]) => redactUrl(url))).toEqual(cases.map(([, printed]) => printed));
});
