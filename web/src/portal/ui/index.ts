/**
 * The portal's light components: plain elements and a few hooks, styled by ui.css. Portal pages use these, never the
 * console's component library, so that each page stays a small download on a phone.
 */
import './ui.css';

export { Alert, Button, ButtonLink, buttonClass, Card, DescList, Empty, ErrorView, Loading, PageTitle, Pager, SectionTitle, Stack, Steps, Tag } from './basics';
export { Dialog, FeedbackProvider, useConfirm, useToast, type Confirm, type Toaster } from './feedback';
export {
  Checkbox,
  CheckGroup,
  Choice,
  FieldError,
  Field,
  FileInput,
  FormAlert,
  matches,
  required,
  SelectInput,
  TextArea,
  TextInput,
  useLightForm,
  type FieldBinding,
  type Option,
  type Rule,
  type Rules,
} from './form';
