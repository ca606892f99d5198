import type { Node } from './trie-shape';

/**
 * A gRPC (or Twirp, gRPC-Web) service as its paths name it, `/<package>.<Service>/<Method>`: a dotted package, then the
 * service's name in capitals (`helloworld.Greeter`, `google.pubsub.v1.Publisher`, `example.Haberdasher`).
 */
const RPC_SERVICE = /^[a-z_][\w]*(?:\.[A-Za-z_]\w*)*\.[A-Z]\w*$/;
/** A protobuf identifier (`CreateTopic`, `SayHello`): a method's name. */
const RPC_METHOD = /^[A-Za-z_]\w*$/;

/**
 * What follows a service's name is its methods, each a path of its own ending there: never values, however many are
 * called once (until 7 Dec five methods of Pub/Sub's Publisher were one `/google.pubsub.v1.Publisher/{param}`). Only
 * leaves: a dotted name leading further is no service (`/files/report.Final/<name>/x`).
 */
export function withoutRpcMethods(candidates: string[], node: Node, previous: string): string[] {
  if (!previous.includes('.') || !RPC_SERVICE.test(previous)) return candidates;
  return candidates.filter((c) => !(node.children.get(c)!.children.size === 0 && RPC_METHOD.test(c)));
}
