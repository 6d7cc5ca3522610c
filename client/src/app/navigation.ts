import type { TRole } from '@bidhall/contracts';
import type { ComponentType } from 'react';
import { AuditPage } from '../audit/AuditPage';
import { HomePage } from '../home/HomePage';
import type { Messages } from '../i18n/zh-CN';
import { OrganizationsPage } from '../orgs/OrganizationsPage';

export interface NavEntry {
  /** The route's path and the link's target. */
  path: string;
  label: Exclude<keyof Messages['nav'], 'label'>;
  /** Who sees the link and may open the page. */
  roles: readonly TRole[] | 'everyone';
  Page: ComponentType;
}

/**
 * Every page of the signed-in app, in navigation order. A feature becomes reachable by adding
 * its entry here: the link and the route both come from this list, and only once it works.
 */
export const navEntries: readonly NavEntry[] = [
  { path: '/', label: 'home', roles: 'everyone', Page: HomePage },
  { path: '/admin/organizations', label: 'organizations', roles: ['ADMIN'], Page: OrganizationsPage },
  { path: '/audit', label: 'audit', roles: ['ADMIN', 'SUPERVISOR'], Page: AuditPage },
];

export const navEntriesFor = (role: TRole): NavEntry[] =>
  navEntries.filter((entry) => entry.roles === 'everyone' || entry.roles.includes(role));
