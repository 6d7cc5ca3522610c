import type { TRole } from '@bidhall/contracts';
import type { ComponentType } from 'react';
import { AuditPage } from '../audit/AuditPage';
import { JobsPage } from '../jobs/JobsPage';
import { BidPage } from '../bids/BidPage';
import { KeysPage } from '../bids/KeysPage';
import { CommitteesPage } from '../evaluation/CommitteesPage';
import { EVALUATION_ROOM_ROLES } from '../evaluation/EvaluationRoomLink';
import { EvaluationRoomPage } from '../evaluation/EvaluationRoomPage';
import { HomePage } from '../home/HomePage';
import type { Messages } from '../i18n/zh-CN';
import { NotificationsPage } from '../notifications/NotificationsPage';
import { OpeningHallPage } from '../opening/OpeningHallPage';
import { OrganizationsPage } from '../orgs/OrganizationsPage';
import { AnnouncementPage } from '../portal/AnnouncementPage';
import { PortalPage } from '../portal/PortalPage';
import { NewProjectPage } from '../projects/NewProjectPage';
import { ProjectPage } from '../projects/ProjectPage';
import { ProjectsPage } from '../projects/ProjectsPage';
import { MySectionsPage } from '../registrations/MySectionsPage';
import { RegisterPage } from '../signup/RegisterPage';

export interface NavEntry {
  /** The route's path and the link's target. */
  path: string;
  /** The menu link; pages without one are reached from other pages (details, forms, the header's bell). */
  label?: Exclude<keyof Messages['nav'], 'label'>;
  /** Who sees the link and may open the page; none for pages only visitors without a session use. */
  roles: readonly TRole[] | 'everyone';
  /** Also open to visitors without a session. */
  public?: true;
  Page: ComponentType;
}

/**
 * The management API shows projects to the parties running or owning them, to supervisors and
 * to the platform's administrators, who find the openings to watch from there.
 */
const PROJECT_VIEWERS: readonly TRole[] = ['AGENCY', 'TENDERER', 'SUPERVISOR', 'ADMIN'];

/** The platform decides who an opening's host, bidders and observers are; these roles can be any of them. */
const OPENING_PARTIES: readonly TRole[] = ['AGENCY', 'TENDERER', 'BIDDER', 'SUPERVISOR', 'ADMIN'];

/**
 * Every page of the app, in navigation order. A feature becomes reachable by adding its entry
 * here: the link and the route both come from this list, and only once it works.
 */
export const navEntries: readonly NavEntry[] = [
  { path: '/', label: 'home', roles: 'everyone', Page: HomePage },
  { path: '/portal', label: 'portal', roles: 'everyone', public: true, Page: PortalPage },
  { path: '/portal/:projectId', roles: 'everyone', public: true, Page: AnnouncementPage },
  { path: '/register', roles: [], public: true, Page: RegisterPage },
  { path: '/projects', label: 'projects', roles: PROJECT_VIEWERS, Page: ProjectsPage },
  { path: '/projects/new', roles: ['AGENCY'], Page: NewProjectPage },
  { path: '/projects/:projectId', roles: PROJECT_VIEWERS, Page: ProjectPage },
  { path: '/bidder/sections', label: 'mySections', roles: ['BIDDER'], Page: MySectionsPage },
  { path: '/bidder/projects/:projectId/sections/:sectionId/bid', roles: ['BIDDER'], Page: BidPage },
  { path: '/bidder/keys', label: 'bidderKeys', roles: ['BIDDER'], Page: KeysPage },
  { path: '/openings/:sectionId', roles: OPENING_PARTIES, Page: OpeningHallPage },
  { path: '/expert/committees', label: 'committees', roles: ['EXPERT'], Page: CommitteesPage },
  { path: '/evaluation/:sectionId', roles: EVALUATION_ROOM_ROLES, Page: EvaluationRoomPage },
  { path: '/notifications', roles: 'everyone', Page: NotificationsPage },
  { path: '/admin/organizations', label: 'organizations', roles: ['ADMIN'], Page: OrganizationsPage },
  { path: '/audit', label: 'audit', roles: ['ADMIN', 'SUPERVISOR'], Page: AuditPage },
  { path: '/admin/jobs', label: 'jobs', roles: ['ADMIN'], Page: JobsPage },
];

export const navEntriesFor = (role: TRole): NavEntry[] =>
  navEntries.filter((entry) => entry.roles === 'everyone' || entry.roles.includes(role));

export const publicEntries: readonly NavEntry[] = navEntries.filter((entry) => entry.public);
