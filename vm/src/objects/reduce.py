# object.__reduce_ex__, object.__reduce__ and object.__getstate__ for ember, following
# CPython 3.11's Objects/typeobject.c (reduce_newobj, object_getstate_default, _common_reduce).
# Compiled once, on first use, by vm/src/objects/object.rs, which also provides
# `_tp_name(obj)` (the name messages use for its type) and `_has_native_state(obj)`: whether the object carries native data (a builtin or native-module
# shape) that its __dict__ and slots cannot hold.

def getstate(obj, required=False):
    cls = type(obj)
    try:
        state = obj.__dict__
    except AttributeError:
        state = None
    else:
        state = dict(state) if state else None
    import copyreg
    names = copyreg._slotnames(cls)
    if required and _has_native_state(obj):
        raise TypeError(f"cannot pickle {_tp_name(obj)!r} object")
    if names:
        slots = {}
        for name in names:
            try:
                slots[name] = getattr(obj, name)
            except AttributeError:
                pass
        if slots:
            state = (state, slots)
    return state


def reduce_newobj(obj):
    import copyreg
    cls = type(obj)
    if getattr(cls, '__new__', None) is None:
        raise TypeError(f"cannot pickle {_tp_name(obj)!r} object")
    kwargs = None
    getnewargs_ex = getattr(obj, '__getnewargs_ex__', None)
    if getnewargs_ex is not None:
        r = getnewargs_ex()
        if not isinstance(r, tuple):
            raise TypeError(f"__getnewargs_ex__ should return a tuple, not '{type(r).__name__}'")
        if len(r) != 2:
            raise ValueError(f"__getnewargs_ex__ should return a tuple of length 2, not {len(r)}")
        args, kwargs = r
        if not isinstance(args, tuple):
            raise TypeError(f"first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{type(args).__name__}'")
        if not isinstance(kwargs, dict):
            raise TypeError(f"second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{type(kwargs).__name__}'")
        hasargs = True
    else:
        getnewargs = getattr(obj, '__getnewargs__', None)
        if getnewargs is not None:
            args = getnewargs()
            if not isinstance(args, tuple):
                raise TypeError(f"__getnewargs__ should return a tuple, not '{type(args).__name__}'")
            hasargs = True
        else:
            args = ()
            hasargs = False
    if not kwargs:
        newobj = copyreg.__newobj__
        newargs = (cls,) + args
    else:
        newobj = copyreg.__newobj_ex__
        newargs = (cls, args, kwargs)
    getstate_fn = getattr(obj, '__getstate__', None)
    if getstate_fn is not None and getattr(type(obj), '__getstate__', None) is not object.__getstate__:
        state = getstate_fn()
    else:
        state = getstate(obj, not (hasargs or isinstance(obj, (list, dict))))
    listitems = iter(obj) if isinstance(obj, list) else None
    dictitems = iter(obj.items()) if isinstance(obj, dict) else None
    return newobj, newargs, state, listitems, dictitems


def common_reduce(obj, proto):
    if proto >= 2:
        return reduce_newobj(obj)
    import copyreg
    return copyreg._reduce_ex(obj, proto)


def reduce_ex(obj, protocol):
    cls = type(obj)
    reduce = getattr(cls, '__reduce__', None)
    if reduce is not None and reduce is not object.__reduce__:
        return obj.__reduce__()
    return common_reduce(obj, protocol)
