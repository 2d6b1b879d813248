/** Shared steps of the admin journeys. */
import { expect, type Page } from '@playwright/test';

/** Signs in through the form as the first admin that e2e/global-setup.ts handed over. */
export async function signInAsAdmin(page: Page, appUrl: string) {
	await page.goto(`${appUrl}/sign-in`);
	await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
	await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).toHaveURL(`${appUrl}/account`);
}
