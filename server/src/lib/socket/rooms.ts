/** Every connection of an organization's users is in its room, for what is addressed to that organization. */
export const orgRoom = (orgId: string) => `org:${orgId}`;

/** Every connection of a user who is not a bidder, so bidders can be addressed by leaving these out. */
export const STAFF_ROOM = 'staff';
