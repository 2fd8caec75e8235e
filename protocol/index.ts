// The one protocol shared by the server and the web client: roles, API shapes, socket events and their
// zod schemas, error codes and the protocol version checked in the socket handshake. If server and web
// disagree on a payload, the type checker says so before a user does.
// One file per feature; this one only gathers them, and no feature file imports it back (`npm run
// check:cycles`), so a feature's types never depend on the order the others load in.
export * from './errors.ts';
export * from './messages/index.ts';
export * from './sites.ts';
export * from './auth.ts';
export * from './setup.ts';
export * from './sessions.ts';
export * from './media.ts';
export * from './presence.ts';
export * from './petition-fields.ts';
export * from './live.ts';
export * from './queue-order.ts';
export * from './permissions.ts';
export * from './live-rules/index.ts';
export * from './minutes.ts';
export * from './socket.ts';
export * from './admin.ts';
export * from './schedule.ts';
export * from './notifications.ts';
export * from './citizen-id.ts';
export * from './phone.ts';
export * from './attachments.ts';
export * from './intake.ts';
export * from './reception-book.ts';
export * from './reports.ts';
export * from './cases.ts';
