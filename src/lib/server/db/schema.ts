/**
 * The typed schema shared by both dialects. Times are UTC epoch milliseconds.
 * Keep in step with migrations/*.sql (db.spec.ts compares the live schema of both dialects).
 */
import type { Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'user' | 'admin';
export type SessionKind = 'browser' | 'api';

export interface UsersTable {
	id: string;
	email: string;
	name: string;
	password_hash: string | null;
	role: Role;
	banned_at: number | null;
	created_at: number;
	updated_at: number;
}

export interface OauthAccountsTable {
	id: string;
	user_id: string;
	provider: string;
	provider_account_id: string;
	email: string | null;
	created_at: number;
}

export interface SessionsTable {
	id: string;
	user_id: string;
	kind: SessionKind;
	token_hash: string | null;
	created_at: number;
	last_used_at: number;
	expires_at: number;
	revoked_at: number | null;
	revoked_reason: string | null;
	user_agent: string | null;
	ip: string | null;
}

export interface RefreshTokensTable {
	id: string;
	session_id: string;
	parent_id: string | null;
	token_hash: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

export interface PasswordResetsTable {
	id: string;
	user_id: string;
	token_hash: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	invalidated_at: number | null;
}

export interface Database {
	users: UsersTable;
	oauth_accounts: OauthAccountsTable;
	sessions: SessionsTable;
	refresh_tokens: RefreshTokensTable;
	password_resets: PasswordResetsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
