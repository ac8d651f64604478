export * from './types';
export { ApiError, isApiError, NETWORK_ERROR, onUnauthorized, setCsrfToken, getCsrfToken } from './client';
export { getHealth, login, getSession, logout } from './auth';
export { listAgents, createAgent, getAgent, deactivateAgent, deleteAgent, pingAgent } from './agents';
