/** Every connection of an organization's users is in its room, for what is addressed to that organization. */
export const orgRoom = (orgId: string) => `org:${orgId}`;

/** Every connection of a user who is not a bidder, so bidders can be addressed by leaving these out. */
export const STAFF_ROOM = 'staff';

/** The connections of one login session, closed together when it is revoked. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** Every connection of one user. */
export const userRoom = (userId: string) => `user:${userId}`;

/** The connections of one browser tab of a user: one at a time, the latest (see `createIo`). */
export const tabRoom = (userId: string, tabId: string) => `tab:${userId}:${tabId}`;
