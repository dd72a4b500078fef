from core.notifications import unread_count
from core.roles import Role
from units.selectors import active_grants, can_manage, user_roles


def roles(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "my_roles": user_roles(user),
        "my_grants": active_grants(user),
        "can_manage": can_manage(user),
        "Role": Role,
        "unread_notifications": unread_count(user),
    }
