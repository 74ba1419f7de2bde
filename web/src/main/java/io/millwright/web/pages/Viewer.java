package io.millwright.web.pages;

import io.millwright.web.users.Role;

/**
 * Who a page is rendered for.
 *
 * @param csrf the session's token the page's scripts send with every change; empty when the browser
 *     signed in with HTTP Basic (no session)
 */
public record Viewer(String user, Role role, String csrf, String enterprise, String site) {}
