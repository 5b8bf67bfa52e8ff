"""Who is at the browser or the API: sessions, CSRF tokens, API tokens, the sign-in limit."""
