import { TwilioError } from './twilio-error';

/**
 * Every error the router returns, by Twilio code. Messages follow Twilio's wording where it is known
 * (50416 is parsed by clients: keep its text exactly).
 */
export const Errors = {
  invalidParameter: (message: string) => new TwilioError(20001, 400, message),
  authenticate: () => new TwilioError(20003, 401, 'Authenticate'),
  permissionDenied: (message = 'Permission denied') => new TwilioError(20003, 403, message),
  methodNotAllowed: (method: string, path: string) => new TwilioError(20004, 405, `Method ${method} is not allowed on ${path}`),
  accountNotActive: (sid: string) => new TwilioError(20005, 401, `Account ${sid} is not active`),
  /** A realtime (upstream) request not answered within the connection's limit. */
  upstreamTimeout: () => new TwilioError(20504, 504, 'The request was not answered in time; retry it'),
  notFound: (path: string) => new TwilioError(20404, 404, `The requested resource ${path} was not found`),
  noParametersForUpdate: () => new TwilioError(20161, 400, 'Parameters are not specified for update request'),
  tooManyRequests: () => new TwilioError(20429, 429, 'Too many requests'),
  internal: (requestId: string) => new TwilioError(20500, 500, `Internal server error; quote request id ${requestId} when reporting it`),
  unavailable: (what: string) => new TwilioError(20503, 503, `Service unavailable: ${what}`),

  friendlyNameRequired: () => new TwilioError(50000, 400, 'FriendlyName is required'),
  friendlyNameTooLong: (max: number) => new TwilioError(50003, 400, `FriendlyName must be at most ${max} characters`),
  uniqueNameTooLong: (max: number) => new TwilioError(50004, 400, `UniqueName must be at most ${max} characters`),
  attributesTooLong: (max: number) => new TwilioError(50303, 400, `Attributes must be at most ${max} bytes`),
  attributesNotJson: () => new TwilioError(50304, 400, 'Attributes must be a valid JSON string'),
  authorTooLong: (max: number) => new TwilioError(50310, 400, `Author must be at most ${max} characters`),

  identityNotAcceptable: () =>
    new TwilioError(
      50211,
      400,
      'Identity parameter not acceptable for this Participant: give either Identity or MessagingBinding.Address, not both',
    ),
  identityRequired: () => new TwilioError(50204, 400, 'Identity or MessagingBinding.Address is required'),
  identityTooLong: (max: number) => new TwilioError(50207, 400, `Identity must be at most ${max} characters`),
  identityLooksLikeSid: () => new TwilioError(50206, 400, 'Identity should not match the SID pattern'),

  roleNotFound: (sid: string, serviceSid: string) => new TwilioError(50100, 400, `Role ${sid} not found in service ${serviceSid}`),
  permissionNotFound: (permission: string, type: string, accepted: readonly string[]) =>
    new TwilioError(50104, 400, `Permission '${permission}' not found for ${type} roles; use one of: ${accepted.join(', ')}`),
  roleTypeInvalid: (message: string) => new TwilioError(50105, 400, message),
  roleInUse: (sid: string, why: string) => new TwilioError(20001, 400, `Role ${sid} cannot be deleted: ${why}`),
  userExists: (identity: string) => new TwilioError(50201, 409, `User already exists: ${identity} is already a user of this service`),

  conversationNotFound: (sid: string) => new TwilioError(50350, 404, `Conversation ${sid} not found`),
  uniqueNameExists: (name: string) => new TwilioError(50353, 409, `Conversation with provided unique name already exists: ${name}`),
  stateEmpty: () => new TwilioError(50374, 400, "'State' field can't be empty"),
  timerInactiveTooShort: (min: string) => new TwilioError(50375, 400, `Timers.Inactive should be greater or equal to ${min}`),
  timerClosedTooShort: (min: string) => new TwilioError(50376, 400, `Timers.Closed should be greater or equal to ${min}`),
  conversationClosed: (sid: string) => new TwilioError(50377, 400, `Can't update conversation ${sid} as it's in final closed state`),
  stateInvalid: (value: string) =>
    new TwilioError(50378, 400, `'State' parameter value '${value}' is invalid: use active, inactive or closed`),
  timerInactiveFormat: () => new TwilioError(50379, 400, 'Timers.Inactive must be an ISO-8601 duration, for example PT1H'),
  timerClosedFormat: () => new TwilioError(50380, 400, 'Timers.Closed must be an ISO-8601 duration, for example P1D'),
  timerInactiveTooLong: (max: string) => new TwilioError(50379, 400, `Timers.Inactive should be at most ${max}`),
  timerClosedTooLong: (max: string) => new TwilioError(50380, 400, `Timers.Closed should be at most ${max}`),
  timerWithoutState: () => new TwilioError(50382, 400, "Timer can't be set without state"),
  initialStateClosed: () => new TwilioError(50384, 400, "Initial state can't be 'closed'"),
  uniqueNameLooksLikeSid: () => new TwilioError(50390, 400, 'Unique name should not match conversation sid pattern CH[0-9a-f]{32}'),

  bindingAddressInvalid: (why: string) => new TwilioError(50407, 400, `Invalid messaging binding address: ${why}`),
  proxyAddressInvalid: (why: string) => new TwilioError(50408, 400, `Invalid participant proxy address: ${why}`),
  addressEqualsProxy: () => new TwilioError(50409, 400, 'Participant address must not equal the proxy address'),
  addressEmpty: () => new TwilioError(50411, 400, 'MessagingBinding.Address is required for a non-chat participant'),
  proxyAddressEmpty: () => new TwilioError(50412, 400, 'MessagingBinding.ProxyAddress is required for a non-chat participant'),
  /** Neutral on purpose: it does not tell whether, or by whom, the address is held. */
  proxyAddressNotAuthorized: (address: string) => new TwilioError(50413, 400, `Account is not authorized to use proxy address ${address}`),
  addressTypeMismatch: () => new TwilioError(50414, 400, 'Participant address type does not match proxy address type (sms vs whatsapp)'),
  bindingInUse: (conversationSid: string) =>
    new TwilioError(50416, 409, `A binding for this participant and proxy address already exists in Conversation ${conversationSid}`),
  participantsLimit: (max: number) =>
    new TwilioError(50417, 400, `Participants limit exceeded: a conversation has at most ${max} participants`),
  nonChatParticipantsLimit: (max: number) =>
    new TwilioError(50418, 400, `Non-Chat participants limit exceeded: a conversation has at most ${max}`),
  bindingParameterNotSupported: (name: string) =>
    new TwilioError(50420, 400, `Participant Messaging Binding type does not support the provided parameter ${name}`),
  lastReadIndexInvalid: () => new TwilioError(50421, 400, 'LastReadMessageIndex must be a non-negative integer'),
  bindingsInUse: (pairs: { address: string; proxyAddress: string; conversationSid: string }[]) =>
    new TwilioError(
      50425,
      409,
      `Participant and proxy address pairs for one or more participants already in use: ${pairs
        .map((p) => `(${p.address}, ${p.proxyAddress}) in Conversation ${p.conversationSid}`)
        .join('; ')}`,
    ),
  tooManyParticipants: (max: number) => new TwilioError(50426, 400, `Request contains too many participants: at most ${max}`),
  userConversationsLimit: (identity: string, max: number) =>
    new TwilioError(50214, 400, `User conversation limit exceeded: ${identity} takes part in ${max} conversations, the service's limit`),
  participantNotFound: (sid: string) => new TwilioError(50432, 404, `Participant ${sid} not found`),
  participantExists: (identity: string) =>
    new TwilioError(50433, 409, `Participant already exists: ${identity} is already in this conversation`),
  projectedAddressNotAuthorized: (address: string) =>
    new TwilioError(50439, 400, `Account is not authorized to use the projected address ${address}`),
  oneLookupParameter: () =>
    new TwilioError(50451, 400, 'One user identifier parameter for lookup at a time is allowed. Please, use either Identity or Address.'),
  lookupParameterRequired: () => new TwilioError(50451, 400, 'Identity or Address is required'),

  messageNotFound: (sid: string) => new TwilioError(50500, 404, `Message ${sid} not found`),
  messageBodyTooLong: (max: number) => new TwilioError(50504, 400, `Message body must be at most ${max} characters`),
  mediaSidInvalid: (value: string) => new TwilioError(50510, 400, `Invalid message media SID ${value}`),
} as const;
