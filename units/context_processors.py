from core.notifications import unread_count
from core.roles import Role
from units import permissions as authority


def roles(request):
    """Template context: the user's roles and grants, and `nav` — what the menu may show.

    The menu asks only these flags (computed by units.permissions), never role names.
    """
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    held = authority.holds_any
    return {
        "my_roles": authority.user_roles(user),
        "my_grants": authority.active_grants(user),
        "can_manage": authority.can_manage(user),
        "Role": Role,
        "nav": {
            "any": bool(authority.user_roles(user)),
            "tree": held(user, authority.TREE_ROLES),
            "unit_work": held(user, authority.UNIT_ROLES),
            "record": held(user, authority.RECORD_ROLES),
            "office": held(user, authority.OFFICE_ROLES),
            "desk": held(user, authority.DESK_ROLES),
            "register": held(user, authority.REGISTER_ROLES),
            "council": held(user, authority.COUNCIL_ROLES),
            "decisions": held(user, authority.FILE_ROLES),
            "sign": held(user, authority.SIGNER_ROLES),
            "documents": held(user, authority.ADDRESSEE_ROLES),  # issued list: also addressed units
        },
        "unread_notifications": unread_count(user),
    }
