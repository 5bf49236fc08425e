//! The one list of builtin types. Each entry gives the Rust name, the Python name, the base
//! type, the native shape of its instances, and whether its instances carry an overflow slot
//! for dynamic attributes. The `BuiltinType` enum, the fixed layout ids of builtin instances
//! and bootstrap's type creation all expand from this table.

use crate::layout::NativeKind;

macro_rules! for_each_builtin_type {
    ($m:ident) => {
        $m! {
            // Rust name        Python name                  base                kind              dict
            Object              "object"                     Object              Object            false;
            Type                "type"                       Object              Type              false;
            Int                 "int"                        Object              LargeInt          false;
            Bool                "bool"                       Int                 Immediate         false;
            Float               "float"                      Object              Float             false;
            Complex             "complex"                    Object              Complex           false;
            Str                 "str"                        Object              Str               false;
            Bytes               "bytes"                      Object              Bytes             false;
            ByteArray           "bytearray"                  Object              ByteArray         false;
            Tuple               "tuple"                      Object              Tuple             false;
            List                "list"                       Object              List              false;
            Dict                "dict"                       Object              Dict              false;
            Set                 "set"                        Object              Set               false;
            FrozenSet           "frozenset"                  Object              Set               false;
            Range               "range"                      Object              Range             false;
            Slice               "slice"                      Object              Slice             false;
            NoneType            "NoneType"                   Object              Immediate         false;
            NotImplementedType  "NotImplementedType"         Object              Immediate         false;
            Ellipsis            "ellipsis"                   Object              Immediate         false;
            Function            "function"                   Object              Function          true;
            Method              "method"                     Object              Method            false;
            Code                "code"                       Object              Code              false;
            Cell                "cell"                       Object              Cell              false;
            Module              "module"                     Object              Module            false;
            BuiltinFunction     "builtin_function_or_method" Object              BuiltinFunction   false;
            MethodDescriptor    "method_descriptor"          Object              MethodDescriptor  false;
            ClassMethodDescriptor "classmethod_descriptor"   Object              MethodDescriptor  false;
            WrapperDescriptor   "wrapper_descriptor"         Object              MethodDescriptor  false;
            Property            "property"                   Object              Property          false;
            ClassMethod         "classmethod"                Object              ClassMethod       true;
            StaticMethod        "staticmethod"               Object              StaticMethod      true;
            MemberDescriptor    "member_descriptor"          Object              SlotDescriptor    false;
            GetSetDescriptor    "getset_descriptor"          Object              SlotDescriptor    false;
            Generator           "generator"                  Object              Generator         false;
            Coroutine           "coroutine"                  Object              Generator         false;
            AsyncGenerator      "async_generator"            Object              Generator         false;
            CoroutineWrapper    "coroutine_wrapper"          Object              Iterator          false;
            AsyncGenWrappedValue "async_generator_wrapped_value" Object          Iterator          false;
            AsyncGenASend       "async_generator_asend"      Object              Iterator          false;
            AsyncGenAThrow      "async_generator_athrow"     Object              Iterator          false;
            Super               "super"                      Object              Super             false;
            Traceback           "traceback"                  Object              Traceback         false;
            Frame               "frame"                      Object              Record            false;
            MappingProxy        "mappingproxy"               Object              Iterator          false;
            GenericAlias        "GenericAlias"               Object              GenericAlias      false;
            MemoryView          "memoryview"                 Object              Record            false;
            MemoryIterator      "memory_iterator"            Object              Iterator          false;
            SimpleNamespace     "SimpleNamespace"            Object              Object            true;
            UnionType           "UnionType"                  Object              Record            false;
            WeakRef             "ReferenceType"              Object              WeakRef           false;
            WeakProxy           "ProxyType"                  Object              WeakRef           false;
            WeakCallableProxy   "CallableProxyType"          Object              WeakRef           false;
            InstanceDict        "instance_dict"              Object              Iterator          false;
            DictKeys            "dict_keys"                  Object              Iterator          false;
            DictValues          "dict_values"                Object              Iterator          false;
            DictItems           "dict_items"                 Object              Iterator          false;
            DictKeyIterator     "dict_keyiterator"           Object              Iterator          false;
            DictValueIterator   "dict_valueiterator"         Object              Iterator          false;
            DictItemIterator    "dict_itemiterator"          Object              Iterator          false;
            ListIterator        "list_iterator"              Object              Iterator          false;
            ListReverseIterator "list_reverseiterator"       Object              Iterator          false;
            TupleIterator       "tuple_iterator"             Object              Iterator          false;
            RangeIterator       "range_iterator"             Object              Iterator          false;
            StrIterator         "str_ascii_iterator"         Object              Iterator          false;
            BytesIterator       "bytes_iterator"             Object              Iterator          false;
            SetIterator         "set_iterator"               Object              Iterator          false;
            SeqIterator         "iterator"                   Object              Iterator          false;
            CallableIterator    "callable_iterator"          Object              Iterator          false;
            Enumerate           "enumerate"                  Object              Iterator          false;
            Zip                 "zip"                        Object              Iterator          false;
            Map                 "map"                        Object              Iterator          false;
            Filter              "filter"                     Object              Iterator          false;
            Reversed            "reversed"                   Object              Iterator          false;
            Array               "_array"                     Object              Array             false;
            NativeRecord        "_record"                    Object              Record            false;

            BaseException       "BaseException"              Object              Exception         true;
            BaseExceptionGroup  "BaseExceptionGroup"         BaseException       Exception         true;
            GeneratorExit       "GeneratorExit"              BaseException       Exception         true;
            KeyboardInterrupt   "KeyboardInterrupt"          BaseException       Exception         true;
            SystemExit          "SystemExit"                 BaseException       Exception         true;
            Exception           "Exception"                  BaseException       Exception         true;
            ArithmeticError     "ArithmeticError"            Exception           Exception         true;
            FloatingPointError  "FloatingPointError"         ArithmeticError     Exception         true;
            OverflowError       "OverflowError"              ArithmeticError     Exception         true;
            ZeroDivisionError   "ZeroDivisionError"          ArithmeticError     Exception         true;
            AssertionError      "AssertionError"             Exception           Exception         true;
            AttributeError      "AttributeError"             Exception           Exception         true;
            BufferError         "BufferError"                Exception           Exception         true;
            EOFError            "EOFError"                   Exception           Exception         true;
            ExceptionGroup      "ExceptionGroup"             BaseExceptionGroup  Exception         true;
            ImportError         "ImportError"                Exception           Exception         true;
            ModuleNotFoundError "ModuleNotFoundError"        ImportError         Exception         true;
            LookupError         "LookupError"                Exception           Exception         true;
            IndexError          "IndexError"                 LookupError         Exception         true;
            KeyError            "KeyError"                   LookupError         Exception         true;
            MemoryError         "MemoryError"                Exception           Exception         true;
            NameError           "NameError"                  Exception           Exception         true;
            UnboundLocalError   "UnboundLocalError"          NameError           Exception         true;
            OSError             "OSError"                    Exception           Exception         true;
            BlockingIOError     "BlockingIOError"            OSError             Exception         true;
            ChildProcessError   "ChildProcessError"          OSError             Exception         true;
            ConnectionError     "ConnectionError"            OSError             Exception         true;
            BrokenPipeError     "BrokenPipeError"            ConnectionError     Exception         true;
            ConnectionAbortedError "ConnectionAbortedError"  ConnectionError     Exception         true;
            ConnectionRefusedError "ConnectionRefusedError"  ConnectionError     Exception         true;
            ConnectionResetError "ConnectionResetError"      ConnectionError     Exception         true;
            FileExistsError     "FileExistsError"            OSError             Exception         true;
            FileNotFoundError   "FileNotFoundError"          OSError             Exception         true;
            InterruptedError    "InterruptedError"           OSError             Exception         true;
            IsADirectoryError   "IsADirectoryError"          OSError             Exception         true;
            NotADirectoryError  "NotADirectoryError"         OSError             Exception         true;
            PermissionError     "PermissionError"            OSError             Exception         true;
            ProcessLookupError  "ProcessLookupError"         OSError             Exception         true;
            TimeoutError        "TimeoutError"               OSError             Exception         true;
            ReferenceError      "ReferenceError"             Exception           Exception         true;
            RuntimeError        "RuntimeError"               Exception           Exception         true;
            NotImplementedError "NotImplementedError"        RuntimeError        Exception         true;
            RecursionError      "RecursionError"             RuntimeError        Exception         true;
            StopAsyncIteration  "StopAsyncIteration"         Exception           Exception         true;
            StopIteration       "StopIteration"              Exception           Exception         true;
            SyntaxError         "SyntaxError"                Exception           Exception         true;
            IndentationError    "IndentationError"           SyntaxError         Exception         true;
            TabError            "TabError"                   IndentationError    Exception         true;
            SystemError         "SystemError"                Exception           Exception         true;
            TypeError           "TypeError"                  Exception           Exception         true;
            ValueError          "ValueError"                 Exception           Exception         true;
            UnicodeError        "UnicodeError"               ValueError          Exception         true;
            UnicodeDecodeError  "UnicodeDecodeError"         UnicodeError        Exception         true;
            UnicodeEncodeError  "UnicodeEncodeError"         UnicodeError        Exception         true;
            UnicodeTranslateError "UnicodeTranslateError"    UnicodeError        Exception         true;
            Warning             "Warning"                    Exception           Exception         true;
            BytesWarning        "BytesWarning"               Warning             Exception         true;
            DeprecationWarning  "DeprecationWarning"         Warning             Exception         true;
            EncodingWarning     "EncodingWarning"            Warning             Exception         true;
            FutureWarning       "FutureWarning"              Warning             Exception         true;
            ImportWarning       "ImportWarning"              Warning             Exception         true;
            PendingDeprecationWarning "PendingDeprecationWarning" Warning        Exception         true;
            ResourceWarning     "ResourceWarning"            Warning             Exception         true;
            RuntimeWarning      "RuntimeWarning"             Warning             Exception         true;
            SyntaxWarning       "SyntaxWarning"              Warning             Exception         true;
            UnicodeWarning      "UnicodeWarning"             Warning             Exception         true;
            UserWarning         "UserWarning"                Warning             Exception         true;
        }
    };
}

macro_rules! define_builtin_types {
    ($($id:ident $name:literal $base:ident $kind:ident $dict:ident;)*) => {
        /// Every builtin type. The discriminant is also the layout id of the type's own
        /// instances (layout 0 is the first entry, `object`).
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum BuiltinType { $($id,)* }

        impl BuiltinType {
            pub const ALL: &'static [BuiltinType] = &[$(BuiltinType::$id),*];

            /// The Python-visible `__name__`.
            pub const fn name(self) -> &'static str {
                match self { $(BuiltinType::$id => $name,)* }
            }
            /// The (first) base type; `object`'s own entry names itself.
            pub const fn base(self) -> BuiltinType {
                match self { $(BuiltinType::$id => BuiltinType::$base,)* }
            }
            /// The native shape of instances.
            pub const fn native_kind(self) -> NativeKind {
                match self { $(BuiltinType::$id => NativeKind::$kind,)* }
            }
            /// Whether instances carry an overflow slot for dynamic attributes.
            pub const fn has_dict(self) -> bool {
                match self { $(BuiltinType::$id => $dict,)* }
            }
        }

        pub const BUILTIN_TYPE_COUNT: usize = [$(BuiltinType::$id),*].len();
    };
}

for_each_builtin_type!(define_builtin_types);

impl BuiltinType {
    /// The layout id of this type's own instances.
    #[inline]
    pub const fn layout(self) -> ember_gc::LayoutId {
        ember_gc::LayoutId(self as u32)
    }

    /// `(num_slots, overflow_slot)` for instances of the builtin type itself.
    pub fn instance_slots(self) -> (u32, Option<u32>) {
        let fixed = match self.native_kind() {
            // Bytes-format and variable-size shapes: the payload is the object itself.
            NativeKind::LargeInt
            | NativeKind::Float
            | NativeKind::Complex
            | NativeKind::Str
            | NativeKind::Bytes
            | NativeKind::Tuple
            | NativeKind::Array => 0,
            k => k.fixed_slots(),
        };
        if self.has_dict() {
            (fixed + 1, Some(fixed))
        } else {
            (fixed, None)
        }
    }

    /// Whether user classes may inherit from this type (CPython's Py_TPFLAGS_BASETYPE).
    pub fn is_base_type(self) -> bool {
        use BuiltinType::*;
        !matches!(
            self,
            Bool | NoneType
                | NotImplementedType
                | Ellipsis
                | Function
                | Method
                | Code
                | Cell
                | BuiltinFunction
                | MethodDescriptor
                | ClassMethodDescriptor
                | WrapperDescriptor
                | MemberDescriptor
                | GetSetDescriptor
                | Generator
                | Coroutine
                | AsyncGenerator
                | Range
                | Slice
                | Traceback
                | Frame
                | MappingProxy
                | MemoryView
                | UnionType
                | WeakProxy
                | WeakCallableProxy
                | InstanceDict
                | DictKeys
                | DictValues
                | DictItems
                | Array
                | NativeRecord
        ) && !self.name().ends_with("iterator")
            && !matches!(self.native_kind(), NativeKind::Iterator)
    }
}
