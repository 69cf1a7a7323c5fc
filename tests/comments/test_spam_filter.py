"""The learned filter: it learns from the owner's decisions and can only ever hold."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from sqlalchemy import select, update

from blog.admin.publishing import delete_article
from blog.comments import spam_examples
from blog.comments.spam_filter import Model, features
from blog.comments.spam_training import VERIFY_SECONDS, Training, current_model
from blog.comments.word_lists import Author
from blog.extensions import db
from blog.models import Comment, CommentStatus
from tests.admin.conftest import make_user
from tests.cache.helpers import recorded_queries
from tests.comments.helpers import post_comment
from tests.factories import make_article, make_comment

SPAM = [
    "Cheap pills online, best casino bonus, click https://pills.example now",
    "Win money fast at the casino https://casino.example free bonus today",
    "Buy cheap replica watches and pills https://replica.example",
    "Free casino spins and cheap loans, visit https://loans.example",
    "Best bonus offer: cheap pills, no prescription https://pills.example",
    "Casino jackpot bonus for you, click here https://jackpot.example",
]
HAM = [
    "I think the council should have consulted residents before approving the bridge.",
    "Thanks for the clear write-up; the timeline of the vote was useful.",
    "The second section misreads the budget: the figure was for two years, not one.",
    "Our street floods every spring, so I hope the new drains are part of the plan.",
    "Good reporting. Will there be a follow-up after the public meeting?",
    "I disagree with the mayor here, but the article explains both sides fairly.",
]
SPAMMY_NEW = "Cheap casino pills bonus https://pills.example click now"
HAMMY_NEW = "I hope the council publishes the budget before the public meeting."


def owner_decides(article, spam: list[str], ham: list[str]) -> None:
    for n, body in enumerate(spam):
        make_comment(article, body=body, status=CommentStatus.SPAM, author_name="Deals Deals",
                     author_email=f"offer{n}@deals.example")  # fmt: skip
    for body in ham:
        make_comment(article, body=body, status=CommentStatus.APPROVED)


def kept_tokens(training: Training) -> dict[bool, list[tuple[int, set[str]]]]:
    """Each kind's examples, oldest first: comment id and the tokens kept to forget it by."""
    return {
        kind: [
            (id_, set(training.vocabulary.unpack(kept)))
            for id_, kept in zip(window.ids, window.tokens, strict=True)
        ]
        for kind, window in training.windows.items()
    }


def stored(body: str) -> Comment:
    return db.session.scalars(select(Comment).where(Comment.body == body)).one()


@pytest.fixture
def article(app):
    app.config["COMMENT_MODERATION"] = "none"  # only the filter can hold
    return make_article()


def test_untrained_filter_gives_no_score_and_holds_nothing(client, article):
    post_comment(client, article, body=SPAMMY_NEW)

    assert stored(SPAMMY_NEW).spam_score is None
    assert stored(SPAMMY_NEW).status == CommentStatus.APPROVED


def test_after_the_owner_marks_spam_similar_comments_are_held_with_their_score(client, article):
    owner_decides(article, SPAM, HAM)

    post_comment(client, article, body=SPAMMY_NEW)

    comment = stored(SPAMMY_NEW)
    assert comment.status == CommentStatus.PENDING
    assert comment.spam_score > 0.9
    assert comment.status_reasons == f"likely spam {comment.spam_score:.2f}"


def test_a_comment_like_the_approved_ones_is_published_with_a_low_score(client, article):
    owner_decides(article, SPAM, HAM)

    post_comment(client, article, body=HAMMY_NEW)

    assert stored(HAMMY_NEW).status == CommentStatus.APPROVED
    assert stored(HAMMY_NEW).spam_score < 0.5


def test_changing_the_owners_decisions_changes_the_score(client, article):
    owner_decides(article, SPAM, HAM)
    post_comment(client, article, body=SPAMMY_NEW)
    before = stored(SPAMMY_NEW).spam_score
    for comment in db.session.scalars(select(Comment).where(Comment.status == "spam")):
        comment.status = CommentStatus.APPROVED  # the owner says: these were fine after all
    for n, body in enumerate(HAM):
        make_comment(article, body=body + " (again)", status=CommentStatus.SPAM,
                     author_email=f"x{n}@example.com")  # fmt: skip
    db.session.commit()

    post_comment(client, article, body=SPAMMY_NEW + " again", author_email="new@example.com")

    assert stored(SPAMMY_NEW + " again").spam_score < 0.5 < before


def test_threshold_decides_what_the_score_holds(client, app, article):
    owner_decides(article, SPAM, HAM)
    app.config["SPAM_THRESHOLD"] = 1.0

    post_comment(client, article, body=SPAMMY_NEW)

    assert stored(SPAMMY_NEW).status == CommentStatus.APPROVED
    assert stored(SPAMMY_NEW).spam_score > 0.9


def test_a_low_score_never_publishes_what_a_rule_held(client, app, article):
    owner_decides(article, SPAM, HAM)
    app.config["COMMENT_MODERATION"] = "first-time"
    body = HAMMY_NEW + " https://a.example https://b.example https://c.example"

    post_comment(client, article, body=body, author_email="stranger@example.com")

    comment = stored(body)
    assert comment.spam_score < 0.5
    assert comment.status == CommentStatus.PENDING
    assert comment.status_reasons == "3 links; first-time commenter"


def test_a_low_score_never_rescues_a_block_list_hit(client, app, article):
    owner_decides(article, SPAM, HAM)
    app.config["COMMENT_BLOCK_LIST"] = "budget"

    post_comment(client, article, body=HAMMY_NEW)

    assert stored(HAMMY_NEW).status == CommentStatus.SPAM


def test_features_cover_words_links_and_the_authors_fields():
    author = Author(
        body="Great deals at https://www.shop.example/x and www.other.example",
        name="Cheap Deals",
        email="bot@mail.example",
        website="https://www.site.example/",
        ip_address=None,
    )

    tokens = features(author)

    assert {"great", "deals", "link:shop.example", "link:other.example", "links:2"} <= tokens
    assert {"name:cheap", "email:mail.example", "website:site.example"} <= tokens


def test_model_needs_examples_of_both_kinds_before_it_scores():
    model = Model()
    for _ in range(5):
        model.learn({"casino"}, True)

    assert not model.ready(5)
    model.learn({"council"}, False)
    assert not model.ready(5)


def test_model_forgets_an_example_exactly_as_it_learned_it():
    model = Model()
    model.learn({"council", "budget"}, False)
    model.learn({"casino"}, True)

    model.learn({"council", "bridge"}, False)
    model.forget({"council", "bridge"}, False)

    assert model.documents == {False: 1, True: 1}
    assert model.tokens[False] == {"council": 1, "budget": 1}
    assert "bridge" not in model.tokens[False]


def _textbook_score(model: Model, tokens: set[str]) -> float:
    """The score as first written: counts summed and vocabularies united on each call."""
    vocabulary = model.tokens[True].keys() | model.tokens[False].keys()
    totals = {kind: sum(model.tokens[kind].values()) for kind in (True, False)}
    documents = sum(model.documents.values())
    log_odds = math.log(model.documents[True] / documents) - math.log(
        model.documents[False] / documents
    )
    for token in set(tokens) & vocabulary:
        spam = (model.tokens[True][token] + 1) / (totals[True] + len(vocabulary))
        ham = (model.tokens[False][token] + 1) / (totals[False] + len(vocabulary))
        log_odds += math.log(spam) - math.log(ham)
    return 1 / (1 + math.exp(-max(min(log_odds, 700.0), -700.0)))


def _tokens(body: str) -> set[str]:
    return features(Author(body, "Sam Reader", "sam@example.com", "", None))


@pytest.mark.parametrize("forgotten", [0, 3, 5])
def test_model_scores_to_the_last_bit_as_the_textbook_formula(forgotten):
    model = Model()
    for body in SPAM:
        model.learn(_tokens(body), True)
    for body in HAM:
        model.learn(_tokens(body), False)

    for body in (SPAM + HAM)[:forgotten]:
        model.forget(_tokens(body), body in SPAM)
    long_comment = " ".join(SPAM + HAM)  # more tokens than the vocabulary holds

    for body in (SPAMMY_NEW, HAMMY_NEW, "Nothing anyone said before", long_comment):
        assert model.score(_tokens(body)) == _textbook_score(model, _tokens(body))


def test_model_keeps_its_totals_and_vocabulary_as_examples_come_and_go():
    model = Model()
    model.learn({"council", "budget"}, False)
    model.learn({"casino", "budget"}, True)

    model.forget({"casino", "budget", "never-learned"}, True)

    assert model.totals == {False: 2, True: 0}
    assert model.vocabulary_size == 2
    assert model == Model(
        documents=Counter({False: 1, True: 0}),
        tokens={True: Counter(), False: Counter({"council": 1, "budget": 1})},
        totals=Counter({False: 2, True: 0}),
        vocabulary_size=2,
    )


def test_new_decisions_are_learned_into_the_same_model_as_a_full_retraining(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=4)

    owner_decides(article, ["More casino pills https://more.example"], ["A fair article."])
    kept = current_model(limit=4)

    assert kept is first  # caught up, not retrained
    assert kept == Training.from_scratch(4).model
    assert kept.documents == {True: 4, False: 4}  # the oldest beyond the limit forgotten


def test_several_decisions_learned_into_a_full_window_forget_as_many_of_the_oldest(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=4)

    owner_decides(article, [], ["A fair article.", "Another fair one.", "And a third."])
    kept = current_model(limit=4)

    assert kept is first
    assert kept == Training.from_scratch(4).model
    # The same examples kept, with the same tokens, and no token of those it dropped.
    training, retrained = app.extensions["spam_model"], Training.from_scratch(4)
    assert kept_tokens(training) == kept_tokens(retrained)
    assert training.vocabulary.known.keys() == retrained.vocabulary.known.keys()


def test_a_sliding_window_gives_ids_only_to_tokens_learned_again_and_reuses_them(app, article):
    # Memory: an id pays for itself only on a token several examples hold, and the ids
    # must not grow with every token the window ever saw.
    owner_decides(article, ["Casino bonus"], [])
    first = current_model(limit=3)
    most_tokens = 0

    for n in range(40):  # each word is learned twice, then leaves the window
        make_comment(article, body=f"Chain w{n} w{n + 1}.", status=CommentStatus.APPROVED)
        model = current_model(limit=3)
        most_tokens = max(most_tokens, model.vocabulary_size)

    vocabulary = app.extensions["spam_model"].vocabulary
    assert model is first
    assert vocabulary.known.keys() == model.tokens[True].keys() | model.tokens[False].keys()
    assert len(vocabulary.tokens) <= most_tokens < 40  # ids of dropped tokens were reused
    assert vocabulary.tokens[vocabulary.known["w39"]] == "w39"  # learned twice: has an id
    assert vocabulary.known["w40"] == "w40"  # learned once: kept as its string


def test_an_example_leaves_a_full_window_exactly_as_it_was_learned(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=4)
    # Its text changed around the ORM (the stamp does not see it) while it was learned.
    db.session.execute(
        update(Comment).where(Comment.body == HAM[2]).values(body="Cheap casino pills")
    )
    db.session.commit()

    owner_decides(article, [], ["A fair article."])  # the window drops HAM[2]
    kept = current_model(limit=4)

    assert kept is first
    assert kept == Training.from_scratch(4).model
    assert "misreads" not in kept.tokens[False]  # HAM[2]'s words, learned then forgotten


def test_a_changed_decision_retrains_the_model_from_scratch(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=100)
    comment = stored(HAM[0])

    comment.status = CommentStatus.SPAM
    db.session.commit()
    kept = current_model(limit=100)

    assert kept is not first
    assert kept.documents == {True: len(SPAM) + 1, False: len(HAM) - 1}


def test_a_change_inside_a_full_window_is_seen_and_retrains(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=4)

    stored(HAM[-1]).status = CommentStatus.SPAM  # the newest approved, so in the window
    db.session.commit()
    kept = current_model(limit=4)

    assert kept is not first
    assert kept == Training.from_scratch(4).model
    assert kept.tokens[True]["mayor"] == 1  # learned as spam now


def test_a_decision_committed_late_below_the_newest_id_is_learned_without_retraining(app, article):
    owner_decides(article, SPAM, HAM[:-1])
    last = stored(HAM[-2])
    make_comment(article, id=last.id + 5, body="A later one.", status=CommentStatus.APPROVED)
    first = current_model(limit=100)

    # Committed after the model read id + 5, as concurrent posts on PostgreSQL can be.
    make_comment(article, id=last.id + 2, body=HAM[-1], status=CommentStatus.APPROVED)
    kept = current_model(limit=100)

    assert kept is first
    assert kept == Training.from_scratch(100).model


def test_an_edited_example_retrains_the_model(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=100)

    stored(HAM[0]).body = "Cheap casino pills now"  # staff edit an approved comment
    db.session.commit()
    kept = current_model(limit=100)

    assert kept is not first
    assert kept == Training.from_scratch(100).model


def test_deleting_an_article_retrains_the_model_without_its_comments(app, article):
    other = make_article()
    owner_decides(other, SPAM, HAM)
    make_comment(article, body="On the deleted one.", status=CommentStatus.APPROVED)
    first = current_model(limit=100)

    delete_article(article, make_user("owner@example.com"))
    kept = current_model(limit=100)

    assert kept is not first
    assert kept.documents == {True: len(SPAM), False: len(HAM)}


def test_a_worker_reads_new_decisions_at_most_once_per_catch_up_interval(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=100, catch_up_seconds=1)
    learned = first.documents.copy()
    owner_decides(article, ["More casino pills https://more.example"], ["A fair article."])

    with recorded_queries() as queries:
        within = current_model(limit=100, catch_up_seconds=1)
    learned_within = within.documents.copy()
    app.extensions["spam_model"].caught_up_at -= 1  # a second later
    after = current_model(limit=100, catch_up_seconds=1)
    caught_up = after == Training.from_scratch(100).model
    owner_decides(article, [], ["Another fair one."])
    with recorded_queries() as queries_after:
        current_model(limit=100, catch_up_seconds=1)  # the interval starts again

    assert queries == []
    assert learned_within == learned
    assert after is first
    assert caught_up
    assert after.documents == {True: len(SPAM) + 1, False: len(HAM) + 1}
    assert queries_after == []


def test_a_changed_decision_retrains_at_the_next_catch_up_interval(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=100, catch_up_seconds=1)
    comment = db.session.scalar(select(Comment).where(Comment.body == HAM[0]))
    comment.status = CommentStatus.SPAM
    db.session.commit()

    assert current_model(limit=100, catch_up_seconds=1) is first
    app.extensions["spam_model"].caught_up_at -= 1
    kept = current_model(limit=100, catch_up_seconds=1)

    assert kept is not first
    assert kept.documents == {True: len(SPAM) + 1, False: len(HAM) - 1}


def test_a_change_made_around_the_orm_is_seen_at_the_next_full_check(app, article):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=100)
    db.session.execute(
        update(Comment).where(Comment.body == HAM[0]).values(status=CommentStatus.SPAM)
    )
    db.session.commit()

    assert current_model(limit=100) is first  # the stamp did not see it
    app.extensions["spam_model"].verified_at -= VERIFY_SECONDS  # a minute later
    kept = current_model(limit=100)

    assert kept is not first
    assert kept.documents == {True: len(SPAM) + 1, False: len(HAM) - 1}


def test_the_full_check_learns_decisions_it_missed_reading_only_their_text(
    app, article, monkeypatch
):
    owner_decides(article, SPAM, HAM)
    first = current_model(limit=100)
    missed = make_comment(article, body="Posted through another worker.")
    read: list[int] = []
    reading = spam_examples._read

    def recording_read(query, params=None):
        rows = reading(query, params)
        read.extend(id_ for id_, _ in rows)
        return rows

    monkeypatch.setattr(spam_examples, "_read", recording_read)
    app.extensions["spam_model"].verified_at -= VERIFY_SECONDS  # a minute later
    kept = current_model(limit=100)

    assert kept is first
    assert kept == Training.from_scratch(100).model
    # Not every approved comment's text: the window holds thousands in a busy blog.
    assert read == [missed.id]
