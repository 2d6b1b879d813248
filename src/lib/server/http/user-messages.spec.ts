import { describe, expect, it } from 'vitest';
import { AppError, conflict, invalidInput, rateLimited, unauthenticated } from '../errors';
import { userMessage } from './user-messages';

describe('userMessage', () => {
	it('keeps the domain message, written for people, on English pages', () => {
		const e = conflict('An account with this email already exists. Sign in or reset your password.', 'email');
		expect(userMessage(e, 'en')).toBe(e.message);
	});

	it.each([
		['a bad email', invalidInput('email: Invalid email address', 'email'), 'โปรดกรอกอีเมลให้ถูกต้อง'],
		['a short password', invalidInput('password: is too short', 'password'), 'รหัสผ่านต้องมี 8 ถึง 128 ตัวอักษร'],
		['an unknown field', invalidInput('cartId: is required', 'cartId'), 'ข้อมูลในแบบฟอร์มไม่ถูกต้อง โปรดตรวจสอบแล้วลองอีกครั้ง'],
		['a wrong password', unauthenticated('Wrong email or password.'), 'อีเมลหรือรหัสผ่านไม่ถูกต้อง'],
		['a taken email', conflict('An account with this email already exists.', 'email'), 'อีเมลนี้มีบัญชีอยู่แล้ว เข้าสู่ระบบหรือตั้งรหัสผ่านใหม่ได้เลย'],
		['rate limiting, with its wait', rateLimited(42), 'ลองหลายครั้งเกินไป โปรดลองใหม่ในอีก 42 วินาที'],
		['a server fault', new AppError('internal', 'boom'), 'ระบบของเราขัดข้อง โปรดลองใหม่อีกครั้งในอีกสักครู่']
	])('in Thai: %s', (_, e, text) => {
		expect(userMessage(e, 'th')).toBe(text);
	});
});
