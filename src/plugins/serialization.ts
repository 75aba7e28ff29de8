// Response serializers built on first use, like the validators: starting an instance does not compile every
// response schema of every route, only those of the answers it actually sends.
import SerializerSelector from '@fastify/fast-json-stringify-compiler'

type SerializerFactory = ReturnType<typeof SerializerSelector>
type Serializer = (doc: unknown) => string

export function lazySerializers(factory: SerializerFactory = SerializerSelector()): SerializerFactory {
  return (externalSchemas, options) => {
    const compile = factory(externalSchemas, options)
    return (route) => {
      let serialize: Serializer | undefined
      return (doc: unknown) => (serialize ??= compile(route))(doc)
    }
  }
}
