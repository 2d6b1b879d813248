/**
 * The account journey on a phone: sign up, sign out, sign in, forget the password and reset it from the
 * mailed link, sign in with the new one (the old one is refused), sign out, then Google through the
 * local OpenID provider: an unverified email is refused, a verified one signs in to the same account. Every page visited is saved under e2e/screenshots/.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { waitForMail } from '../tests/services/smtp-sink';

const appUrl = process.env.E2E_APP_URL!;
const smtpApi = process.env.E2E_SMTP_API!;
const issuer = process.env.E2E_OIDC_ISSUER!;

const screenshots = path.join(import.meta.dirname, 'screenshots');
let shots = 0;
/** Saves the whole page as e2e/screenshots/NN-name.png, numbered in the order visited. */
async function shot(page: Page, name: string) {
	shots += 1;
	await page.screenshot({ path: path.join(screenshots, `${String(shots).padStart(2, '0')}-${name}.png`), fullPage: true });
}

async function signIn(page: Page, email: string, password: string) {
	await page.getByRole('link', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/sign-in/);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await shot(page, 'sign-in-filled');
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await expect(page).toHaveURL(`${appUrl}/`);
	await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

/** From /sign-in: "Continue with Google", type `login` at the provider's form, grant consent. */
async function googleAtProvider(page: Page, login: string, label: string) {
	await page.getByRole('button', { name: 'Continue with Google' }).click();
	await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
	await page.locator('input[name=login]').fill(login);
	await page.locator('input[name=password]').fill('anything');
	await shot(page, `provider-login-${label}`);
	await page.getByRole('button', { name: 'Sign-in' }).click();
	await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
	await shot(page, `provider-consent-${label}`);
	await page.getByRole('button', { name: 'Continue' }).click();
}

test('sign up, sign out, sign in, reset the password, and sign in with Google', async ({ page }) => {
	expect(appUrl, 'e2e/global-setup.ts did not run').toBeTruthy();
	const email = `listener-${Date.now().toString(36)}@example.com`;
	const name = 'Robin Listener';
	const firstPassword = 'first password 1';
	const newPassword = 'second password 2';

	await test.step('sign up', async () => {
		await page.goto(appUrl);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audiobooks that go where you go');
		await shot(page, 'home');
		await page.getByRole('link', { name: 'Create your account' }).click();
		await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
		await page.getByLabel('Name').fill(name);
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(firstPassword);
		await shot(page, 'sign-up-filled');
		await page.getByRole('button', { name: 'Sign up' }).click();
		await expect(page).toHaveURL(`${appUrl}/account`);
		await expect(page.getByText(`${name} · ${email}`)).toBeVisible();
		await shot(page, 'account-after-sign-up');
	});

	await test.step('sign out', async () => {
		await signOut(page);
		await shot(page, 'home-signed-out');
	});

	await test.step('sign in with the password', async () => {
		await signIn(page, email, firstPassword);
		await expect(page).toHaveURL(`${appUrl}/account`);
		await expect(page.getByText(`${name} · ${email}`)).toBeVisible();
		await shot(page, 'account-after-sign-in');
		await signOut(page);
	});

	await test.step('forgot password: ask for a link, follow it from the mail, set a new password', async () => {
		await page.getByRole('link', { name: 'Sign in' }).click();
		await page.getByRole('link', { name: 'Forgot your password?' }).click();
		await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
		await shot(page, 'forgot-password');
		await page.getByLabel('Email').fill(email);
		await page.getByRole('button', { name: 'Send reset link' }).click();
		await expect(page.getByRole('status')).toContainText('a reset link is on its way');
		await shot(page, 'forgot-password-sent');

		const link = await waitForMail(smtpApi, email, /(https?:\/\/\S+\/reset-password\?token=[\w%-]+)/);
		expect(link.startsWith(`${appUrl}/reset-password?token=`)).toBe(true);
		await page.goto(link);
		await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
		await shot(page, 'reset-password');
		await page.getByLabel('New password').fill(newPassword);
		await page.getByRole('button', { name: 'Set password' }).click();
		await expect(page).toHaveURL(`${appUrl}/sign-in?reset=1`);
		await expect(page.getByRole('status')).toHaveText('Your password was changed. Sign in with the new one.');
		await shot(page, 'sign-in-after-reset');
	});

	await test.step('the old password is refused, the new one signs in', async () => {
		await page.getByLabel('Email').fill(email);
		await page.getByLabel('Password').fill(firstPassword);
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expect(page).toHaveURL(/\/sign-in/);
		await shot(page, 'sign-in-old-password-refused');

		await page.getByLabel('Password').fill(newPassword);
		await page.getByRole('button', { name: 'Sign in', exact: true }).click();
		await expect(page).toHaveURL(`${appUrl}/account`);
		await expect(page.getByText(`${name} · ${email}`)).toBeVisible();
		await shot(page, 'account-after-new-password');
		await signOut(page);
	});

	await test.step('Google sign-in with an email Google has not verified is refused', async () => {
		await page.getByRole('link', { name: 'Sign in' }).click();
		await shot(page, 'sign-in-with-google-button');
		await googleAtProvider(page, `unverified-${email}`, 'unverified');
		await expect(page).toHaveURL(/\/sign-in\?error=/);
		await expect(page.getByRole('alert')).toHaveText(/Google did not confirm this email address/);
		await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
		await shot(page, 'sign-in-google-refused');
		// Forget the provider's session too, so that it asks who is signing in next time.
		await page.context().clearCookies();
	});

	await test.step('sign in with Google through the local OpenID provider', async () => {
		await page.goto(`${appUrl}/sign-in`);
		await googleAtProvider(page, email, 'verified');
		// The verified Google email is linked to the password account made above.
		await expect(page).toHaveURL(`${appUrl}/account`);
		await expect(page.getByText(`${name} · ${email}`)).toBeVisible();
		await expect(page.getByRole('link', { name: 'Account' })).toBeVisible();
		await shot(page, 'account-after-google');
	});
});
