/**
 * The signed-in citizen of the portal: a person record, never an account. The HTTP platform resolves it for routes
 * marked `config.citizen` through the resolver the citizens module provides, and checks its CSRF token on writes.
 */
export type PortalCitizen = {
  personId: number;
  name: string;
  phoneMasked: string | null;
  regionCode: string;
  regionName: string;
  regionPath: string;
  csrfToken: string;
};

/** Citizens send their CSRF token in their own header so a staff session in the same browser does not interfere. */
export const CITIZEN_CSRF_HEADER = 'x-citizen-csrf';

/** What the platform needs of the citizens module: its cookie and the citizen behind a token (null when none). */
export type CitizenResolver = { cookieName: string; resolve(token: string): Promise<PortalCitizen | null> };
