// The shared protocol's messages, as this client's LanguageClient takes them. The client library
// brings its own vscode-jsonrpc (10.x) and the server's is 9.x; their message classes are
// nominally different types, so each declaration is re-made here from its method, keeping its
// parameter and result types. The declarations themselves live once, in server/src/protocol.
import { NotificationType as ClientNotificationType, RequestType as ClientRequestType } from 'vscode-languageclient/node';
import type { NotificationType, RequestType } from 'vscode-languageserver-protocol';

export function clientNotification<P>(type: NotificationType<P>): ClientNotificationType<P> {
  return new ClientNotificationType<P>(type.method);
}

export function clientRequest<P, R, E>(type: RequestType<P, R, E>): ClientRequestType<P, R, E> {
  return new ClientRequestType<P, R, E>(type.method);
}
