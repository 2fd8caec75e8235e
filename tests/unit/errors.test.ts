import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SignInRequest } from '../../protocol/index.ts';
import { AppError, toApiError } from '../../server/src/errors/app-error.ts';
import { parse } from '../../server/src/errors/validate.ts';

describe('errors people can act on', () => {
  it('turns a validation failure into a 400 with a Vietnamese message and field details', () => {
    try {
      parse(SignInRequest, { username: '', password: '' }, 'what.signIn');
      expect.unreachable();
    } catch (e) {
      const api = toApiError(e, () => {});
      expect(api.statusCode).toBe(400);
      expect(api.message).toMatch(/^Thông tin đăng nhập không hợp lệ/);
      expect(api.details).toMatchObject({ username: 'Hãy nhập tên đăng nhập', password: 'Hãy nhập mật khẩu' });
    }
  });

  it('hides an unexpected failure behind a correlation id that is also logged', () => {
    const logged: string[] = [];
    const api = toApiError(new Error('db exploded'), (m) => logged.push(m));
    expect(api.statusCode).toBe(500);
    expect(api.message).not.toContain('db exploded');
    expect(api.correlationId).toBeDefined();
    expect(logged[0]).toContain(api.correlationId!);
  });

  it('keeps the retry hint of a throttled sign-in', () => {
    expect(new AppError('TOO_MANY_ATTEMPTS', 'đợi', { retryAfter: 30 }).toJSON()).toMatchObject({ statusCode: 429, retryAfter: 30 });
  });

  it('normalises user names so sign-in is case-insensitive', () => {
    expect(parse(SignInRequest, { username: '  ChuTri ', password: 'x' })).toEqual({ username: 'chutri', password: 'x' });
    expect(() => parse(z.object({ a: z.number() }), { a: 'x' })).toThrow(AppError);
  });
});
