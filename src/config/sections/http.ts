// The `http` section: the one HTTP listener of capture, query and all (API, UI, /health, /metrics).
import { hostPort, list, section } from '../section.js';

/** The HTTP listener of the long-running roles. */
export const httpSection = section({
  name: 'http',
  help: 'the HTTP listener of capture, query and all',
  keys: {
    listen: hostPort({ default: '0.0.0.0:8080', help: 'address of the HTTP API, UI, /health and /metrics' }),
    trustProxy: list({ default: [], item: 'cidr', help: 'networks of reverse proxies in front of this node: only from these are X-Forwarded-For (the client address the login limiter counts) and X-Forwarded-Proto (https: Secure cookies) believed; empty: none' }),
  },
});
