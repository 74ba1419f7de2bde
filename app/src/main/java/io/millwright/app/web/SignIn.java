package io.millwright.app.web;

import io.millwright.web.session.SessionStore;
import io.millwright.web.session.SignInGuard;
import io.millwright.web.users.UserStore;

/** What signing in needs: the users, the live sessions, and the guard against guessing. */
public record SignIn(UserStore users, SessionStore sessions, SignInGuard guard) {}
