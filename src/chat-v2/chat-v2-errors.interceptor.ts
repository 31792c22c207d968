import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { TwilioError } from '../common/twilio-error';

/** Conversations error codes and the Programmable Chat code of the same failure (with its HTTP status). */
const CHAT_CODES: Record<number, [code: number, status: number]> = {
  50350: [50300, 404], // Channel not found
  50353: [50307, 409], // Channel with the unique name already exists
  50432: [50400, 404], // Member not found
  50433: [50404, 409], // Member already exists
  50417: [50403, 400], // Channel member limit exceeded
  50214: [50208, 400], // User channel limit exceeded
};

const chatWords = (message: string) =>
  message
    .replace(/\bConversations?\b/g, (w) => (w.endsWith('s') ? 'Channels' : 'Channel'))
    .replace(/\bconversations?\b/g, (w) => (w.endsWith('s') ? 'channels' : 'channel'))
    .replace(/\bParticipants?\b/g, (w) => (w.endsWith('s') ? 'Members' : 'Member'))
    .replace(/\bparticipants?\b/g, (w) => (w.endsWith('s') ? 'members' : 'member'));

/**
 * Chat v2 answers with Programmable Chat's error codes (and words) where they differ from
 * Conversations' (the domain services throw the Conversations ones).
 */
export function toChatError(err: unknown): unknown {
  if (!(err instanceof TwilioError)) return err;
  const mapped = CHAT_CODES[err.code];
  // Only the messages of mapped codes are reworded: others may quote the caller's own values.
  if (!mapped) return err;
  return new TwilioError(mapped[0], mapped[1], chatWords(err.message), err.details);
}

@Injectable()
export class ChatV2ErrorsInterceptor implements NestInterceptor {
  intercept(_: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((err: unknown) => throwError(() => toChatError(err))));
  }
}
