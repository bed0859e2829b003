import { defineFault } from './fault.js';

const sentAsPlainText = (contentType: string | undefined) => contentType?.toLowerCase().startsWith('text/plain') ?? false;

export default defineFault({
  title: 'Planted fault: applies a JSON body sent as text/plain but answers 204 No Content',
  rule: 'R-HTTP-4',
  caughtBy: ['statusCodeConformance'],
  subtle: true,
  overrides: {
    send: (faithful) => async (reply, req) => {
      const sent = await faithful(reply, req);
      if (req.method !== 'PATCH' || sent.status !== 200 || !sentAsPlainText(req.contentType)) return sent;
      const { body: _dropped, ...rest } = sent;
      return { ...rest, status: 204 };
    },
  },
});
