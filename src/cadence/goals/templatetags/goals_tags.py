from django import template
from django.utils.safestring import SafeString

from cadence.goals.mentions import render_body
from cadence.goals.models import GoalComment

register = template.Library()


@register.filter
def comment_html(comment: GoalComment) -> SafeString:
    """The comment's body, escaped, with its mentions linked (uses the prefetched `mentioned`)."""
    return render_body(comment.body, comment.mentioned.all())
