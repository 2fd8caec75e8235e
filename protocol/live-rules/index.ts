// The live session's rules, pure: the server decides with them, a page asks them what it may offer. Only
// these names leave the folder; the drafts and per-intent rules stay its own business.
export { decide } from './state-machine.ts';
export { SYSTEM, type Actor, type PersonActor, type SystemActor, type AnyCommand, type Decision, type LiveContext, type Refusal as LiveRefusal } from './rules.ts';
