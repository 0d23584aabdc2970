// The request and response objects of a proxy socket's HTTP server, born with the Express app's own prototypes.
// Express 5 sets those prototypes on every request (Object.setPrototypeOf), which gives each object a new hidden
// class and sends V8 down its slow paths for the rest of the request; when the prototype already is the app's, the
// set changes nothing. Each response also carries the state of its request from birth, so its shape never changes.
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Exchange } from './exchange.ts';

export interface ProxyResponse extends ServerResponse {
  /** The request being answered; null until it is judged. */
  exchange: Exchange | null;
  /** Its connection has moved on to the next request read ahead (see server.ts). */
  served: boolean;
}

export interface MessageClasses {
  readonly IncomingMessage: typeof IncomingMessage;
  readonly ServerResponse: typeof ServerResponse;
}

/** Puts `cls` between Express's prototype and the app's own one: `cls.prototype` becomes the app's prototype. */
function adopt(cls: { prototype: object }, appPrototype: object, app: Express): object {
  Object.setPrototypeOf(cls.prototype, Object.getPrototypeOf(appPrototype) as object);
  // What Express's own app prototype holds besides its methods: `req.app` and `res.app`.
  for (const key of Reflect.ownKeys(appPrototype)) {
    const d = Object.getOwnPropertyDescriptor(appPrototype, key);
    if (d) Object.defineProperty(cls.prototype, key, key === 'app' ? { ...d, value: app } : d);
  }
  return cls.prototype;
}

/**
 * Classes, not functions calling Node's constructors: V8 sizes a class instance for every field its base
 * constructors set, where a function-made object outgrows its layout and falls back to a slow dictionary.
 * Call once per app, before it serves anything.
 */
export function messageClasses(app: Express): MessageClasses {
  class ProxyIncomingMessage extends IncomingMessage {}
  class ProxyServerResponse extends ServerResponse implements ProxyResponse {
    exchange: Exchange | null = null;
    served = false;
  }
  app.request = adopt(ProxyIncomingMessage, app.request, app) as Express['request'];
  app.response = adopt(ProxyServerResponse, app.response, app) as Express['response'];
  return {
    IncomingMessage: ProxyIncomingMessage,
    ServerResponse: ProxyServerResponse as unknown as typeof ServerResponse,
  };
}
