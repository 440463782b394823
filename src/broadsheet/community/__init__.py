"""Readers as members: accounts, comments with moderation, the newsletter and its mail.

config.py       the community's settings, read from ``Settings``
emails.py       address validation and the mailbox key used against mail-bombing
passwords.py    argon2id hashing, rehash on new parameters
tokens.py       signed, expiring (and where asked, single-use) link tokens
sessions.py     sign-in session tokens and cookies
csrf.py         form tokens bound to the session, with the time-to-submit check
ratelimit.py    fixed-window limits kept in the database; hashcash proof of work
accounts.py     sign up, sign in, verification, reset, changes, deletion, export
markdown.py     the comment Markdown subset, rendered and sanitized (nh3)
comments.py     posting, editing, threads, reports
moderation.py   the queue and moderator actions, with an audit log
newsletter.py   double opt-in sign-up, preferences, unsubscribe
messages.py     the mails we send, built from templates (no user text)
digest.py       the digest: what is due, what it holds, sending it at most once
outbox.py       delivering queued single mails, with retries
mail.py         the only module that talks SMTP
cli.py          ``broadsheet admin`` and ``broadsheet newsletter``
"""
