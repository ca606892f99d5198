import { expect, test } from 'vitest';
import { orderRotatedSets, rotationOf } from './rotation';

test('orders a logrotate set oldest first, live file last, other inputs kept in place', () => {
  expect(orderRotatedSets(['/l/access.log', '/l/access.log.1', '/l/error.log', '/l/access.log.10.gz', '/l/access.log.2.gz'])).toEqual([
    '/l/access.log.10.gz', '/l/access.log.2.gz', '/l/access.log.1', '/l/access.log', '/l/error.log',
  ]);
});

test('orders dateext names by date before the live file', () => {
  expect(orderRotatedSets(['a/app.log', 'a/app.log-20240103.gz', 'a/app.log-20240101.gz', 'a/app.log-20240102'])).toEqual([
    'a/app.log-20240101.gz', 'a/app.log-20240102', 'a/app.log-20240103.gz', 'a/app.log',
  ]);
});

test('orders kubelet-rotated container logs by their time stamp before the live file', () => {
  expect(orderRotatedSets(['p/0.log', 'p/0.log.20241010-135536.gz', 'p/0.log.20241009-101010.gz', 'p/0.log.20241010-140000'])).toEqual([
    'p/0.log.20241009-101010.gz', 'p/0.log.20241010-135536.gz', 'p/0.log.20241010-140000', 'p/0.log',
  ]);
});

test('same base names in different directories are different sets', () => {
  expect(orderRotatedSets(['x/a.log', 'y/a.log.1', 'x/a.log.1'])).toEqual(['x/a.log.1', 'x/a.log', 'y/a.log.1']);
  expect(rotationOf('x/a.log.3.gz')).toEqual({ base: 'a.log', rank: 3 });
});
