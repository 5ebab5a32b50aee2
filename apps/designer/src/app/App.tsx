import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiRequest, setUnauthorizedHandler, storeApiKey, storedApiKey, errorMessage } from '../api/api-client';
import type { Me } from '../api/api-types';
import { SessionContext } from './session';
import { SignIn } from './SignIn';
import { Shell } from './Shell';
import { Loading, ErrorState } from '../ui/states';

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(!!storedApiKey());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>();

  const signOut = useCallback((why?: string) => {
    storeApiKey(null);
    setMe(null);
    setNotice(why);
  }, []);

  const check = useCallback(() => {
    const key = storedApiKey();
    if (!key) return;
    setChecking(true);
    setError(null);
    apiRequest<Me>('GET', '/auth/me')
      .then(setMe, (e) => (e?.status === 401 ? signOut('Your key is no longer accepted; sign in again.') : setError(errorMessage(e))))
      .finally(() => setChecking(false));
  }, [signOut]);

  useEffect(check, [check]);
  useEffect(() => {
    setUnauthorizedHandler(() => signOut('Your key is no longer accepted; sign in again.'));
    return () => setUnauthorizedHandler(undefined);
  }, [signOut]);

  const session = useMemo(() => (me ? { me, signOut: () => signOut() } : null), [me, signOut]);
  if (checking) return <Loading what="Signing in" />;
  if (error) return <ErrorState message={error} onRetry={check} />;
  if (!session)
    return (
      <SignIn
        notice={notice}
        onSignedIn={(key, who) => {
          storeApiKey(key);
          setMe(who);
          if (!window.location.hash) window.location.hash = '#/workflows';
        }}
      />
    );
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}
