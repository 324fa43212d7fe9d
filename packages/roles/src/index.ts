export type { ConsumerRole, Role, RoleSpec } from './roles.js';
export { CONSUMER_ROLES, ROLES, ROLE_NAMES, isRole } from './roles.js';
