"""Group trips: every member's wishes, a merged request the planner can serve fairly, the ledger.

Modules, one concern each:

* :mod:`bot.group.ledger`   — the stored values: members and their wishes (part of the trip state);
* :mod:`bot.group.wishes`   — reading one member's wishes from their own words (the one place that
  calls the intake parser for groups);
* :mod:`bot.group.fairness` — what is fair: the merged request, the order wishes are dropped in,
  and what the plan does for each member;
* :mod:`bot.group.balance`  — planning fairly: drop wishes fairest first, or grow the plan from one
  wish per member (:func:`~bot.group.balance.cover`);
* :mod:`bot.group.money`    — cost per member (own ticket category and children, present days,
  shared taxis);
* :mod:`bot.group.polls`    — the rules of a vote (when to ask, options, tie rule, settling);
  :mod:`bot.group.areas` the day polls; :mod:`bot.group.opening` the one way a poll opens
  (the rules and the language model's ``open_poll`` tool alike);
* :mod:`bot.group.render`   — the ledger, the fairness lines and ``/split`` as text (en / ko);
* :mod:`bot.group.desk`     — what the conversation calls (members, wishes, the pinned plan,
  ``/group`` and ``/split``); its base :mod:`bot.group.decisions` opens, counts and closes polls,
  :mod:`bot.group.fair_planner` is the planner a group's turn uses, and
  :mod:`bot.group.versions` says what changed in the pinned plan's version line.
"""
